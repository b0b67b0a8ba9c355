import barrierfree


def test_public_api_is_importable_from_the_package() -> None:
    for name in barrierfree.__all__:
        assert getattr(barrierfree, name) is not None, name
    assert barrierfree.to_pinyin("行长") == ["háng", "zhǎng"]


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        barrierfree.nope  # noqa: B018
    except AttributeError as exc:
        assert "nope" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
