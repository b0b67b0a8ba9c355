"""POST /api/pinyin and `barrierfree pinyin`, through the real app and the real CLI."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from barrierfree.cli import main
from barrierfree.settings import Settings
from barrierfree.web.app import create_app


def test_batch_of_segments(client: TestClient) -> None:
    r = client.post("/api/pinyin", json={"segments": ["银行行长", "很重要！", ""]})
    assert r.status_code == 200
    body = r.json()
    assert body["style"] == "tone"
    assert body["segments"] == [["yín", "háng", "háng", "zhǎng"], ["hěn", "zhòng", "yào", None], []]


def test_one_entry_per_code_point(client: TestClient) -> None:
    text = "笑😀𠀀A"
    r = client.post("/api/pinyin", json={"segments": [text]})
    readings = r.json()["segments"][0]
    assert len(readings) == 4 == len(text)
    assert readings[0] == "xiào" and readings[1] is None and readings[3] is None


@pytest.mark.parametrize(
    ("style", "expected"),
    [("tone3", ["zhong4", "yao4"]), ("plain", ["zhong", "yao"]), ("zhuyin", ["ㄓㄨㄥˋ", "ㄧㄠˋ"])],
)
def test_styles(client: TestClient, style: str, expected: list[str]) -> None:
    r = client.post("/api/pinyin", json={"segments": ["重要"], "style": style})
    assert r.status_code == 200
    assert r.json() == {"style": style, "segments": [expected]}


def test_custom_words_apply_to_that_request_only(client: TestClient) -> None:
    # the city of 丽水 is Líshuǐ; the dictionary reads 丽 lì
    r = client.post("/api/pinyin", json={"segments": ["丽水市"], "words": {"丽水": "lí shuǐ"}})
    assert r.json()["segments"] == [["lí", "shuǐ", "shì"]]
    r = client.post("/api/pinyin", json={"segments": ["丽水市"]})
    assert r.json()["segments"][0][0] == "lì"


def test_bad_custom_word_is_a_400(client: TestClient) -> None:
    r = client.post("/api/pinyin", json={"segments": ["单于"], "words": {"单于": "chán"}})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "bad_request"
    assert "2 characters" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    "body",
    [{}, {"segments": "银行"}, {"segments": ["银行"], "style": "fancy"}, {"segments": [1]}],
)
def test_malformed_body_is_a_422(client: TestClient, body: dict[str, object]) -> None:
    assert client.post("/api/pinyin", json=body).status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"segments": ["字" * 11]},
        {"segments": ["字"] * 4},
        {"segments": ["字"], "words": {"甲": "jiǎ", "乙": "yǐ", "丙": "bǐng"}},
    ],
)
def test_limits_are_a_413(body: dict[str, object]) -> None:
    settings = Settings(
        {
            "cache_backend": "memory",
            "pinyin_max_chars": 10,
            "pinyin_max_segments": 3,
            "pinyin_max_words": 2,
            "speech_engine": "espeak",  # as in tests/conftest.py's settings
        },
        environ={},
    )
    with TestClient(create_app(settings)) as client:
        r = client.post("/api/pinyin", json=body)
        assert r.status_code == 413
        assert r.json()["error"]["code"] == "payload_too_large"
        # the same limits let a small request through
        assert client.post("/api/pinyin", json={"segments": ["字" * 10]}).status_code == 200


def test_openapi_documents_the_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/pinyin"]["post"]
    assert {"200", "400", "413", "422"} <= set(op["responses"])
    schema = json.dumps(spec["components"]["schemas"]["PinyinBody"], ensure_ascii=False)
    assert (
        "segments" in schema
        and "words" in schema
        and "zhuyin" in json.dumps(spec, ensure_ascii=False)
    )


def test_cli_inline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pinyin", "银行行长，OK"]) == 0
    assert capsys.readouterr().out == "银(yín)行(háng)行(háng)长(zhǎng)，OK\n"


def test_cli_pinyin_format_with_word_and_style(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "pinyin",
                "--format",
                "pinyin",
                "--style",
                "tone3",
                "--word",
                "单于=chán yú",
                "单于来了 A1",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "chan2 yu2 lai2 le5 A1\n"


def test_cli_json_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("重庆\n"))
    assert main(["pinyin", "--format", "json", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == ["chóng", "qìng"]


def test_cli_bad_word_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pinyin", "--word", "单于", "单于"]) == 2
    assert "WORD=READING" in capsys.readouterr().err
