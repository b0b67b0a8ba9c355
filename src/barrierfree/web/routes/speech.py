"""Speech API: ``/api/speech`` (audio), ``/api/speech/plan`` (sentences and their audio
addresses, for 连读), ``/api/speech/audio/<digest>.<ext>`` (immutable, CDN-cacheable),
``/api/speech/prepare`` (synthesise a page's sentences in the background) and
``/api/speech/voices``.

A cache miss is streamed: the first clause's audio is sent as soon as it is made, so a
browser's ``<audio>`` starts playing while the rest of the sentence is synthesised."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Literal

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field

from ...speech import SpeechRequest, SpeechService
from ...speech.service import Audio, AudioStream
from ..state import AppState, app_state


@asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    # load the dictionaries, the pinyin model and the engine while the server starts, in the
    # background, so the first visitor's 连读 does not wait for them (a request that comes
    # first simply waits for the same lock)
    state: AppState = app.state.bf
    thread = threading.Thread(target=lambda: state.speech, daemon=True)
    thread.start()
    yield
    # finish before the app closes its services, or a late warm-up would reopen the cache
    await anyio.to_thread.run_sync(thread.join)


router = APIRouter(tags=["speech"], lifespan=_warm_up)

IMMUTABLE = "public, max-age=31536000, immutable"
# the query-string form depends on the server's engine settings too, so it is cached briefly
SHORT = "public, max-age=3600"

_AUDIO_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "content": {"audio/mpeg": {}, "audio/wav": {}},
        "description": "The audio. `ETag` is the digest of its recipe; `Content-Location` is its "
        "immutable address.",
    },
    400: {"description": "Empty text, bad rate/volume/format/voice/priority"},
    413: {"description": "Text longer than `speech_max_chars`"},
    503: {
        "description": "No speech engine on this server, or too many requests waiting for it "
        "(code `overloaded`, see `Retry-After`)"
    },
}

Text = Annotated[str, Field(description="Text to read (Chinese, English, numbers, dates, URLs …)")]
Rate = Annotated[float, Field(1.0, description="Speech rate, 0.5–2.0 (1.0 normal)")]
Volume = Annotated[float, Field(1.0, description="Volume, 0–1 (1.0 the engine's normal loudness)")]
Format = Annotated[
    Literal["mp3", "wav"], Field("mp3", description="mp3 (default, every browser) or wav")
]
Voice = Annotated[
    str,
    Field(
        "",
        max_length=64,
        description="female or male (女声/男声), or an engine voice name; empty for the default",
    ),
]
Priority = Annotated[
    Literal["now", "next", "warm"],
    Field(
        "now",
        description="Place in the synthesis queue: now (pointed at, pressed), next (连读's "
        "coming sentences), warm (background); never changes the audio",
    ),
]
Lang = Annotated[
    Literal["zh", "en"],
    Field("zh", description="zh: Mandarin with embedded English (default); en: an English page"),
]


class AudioOptions(BaseModel):
    """How to read: the fields every speech request shares (each planned URL carries them)."""

    rate: Rate = 1.0
    volume: Volume = 1.0
    format: Format = "mp3"
    voice: Voice = ""
    lang: Lang = "zh"


class SpeechBody(AudioOptions):
    text: Text


class PlanBody(SpeechBody):
    """The same fields as a speech request: each planned sentence's URL carries them."""


class PrepareBody(AudioOptions):
    texts: list[Annotated[str, Field(max_length=100000)]] = Field(
        max_length=2000,
        description="The page's text blocks in reading order (main content first)",
    )


class PrepareOut(BaseModel):
    sentences: int = Field(description="Distinct sentences in the texts")
    cached: int = Field(description="Already in the cache")
    queued: int = Field(description="Queued for background synthesis now")


class PlannedSentenceOut(BaseModel):
    index: int
    text: str = Field(description="The sentence as in the input")
    start: int = Field(description="Offset of the sentence in the input text (characters)")
    end: int = Field(description="End offset (exclusive)")
    spoken: str = Field(description="The normalised text that is read")
    url: str = Field(description="Immutable audio address, relative to the service")


class PlanOut(BaseModel):
    engine: str
    format: str
    sentences: list[PlannedSentenceOut]


def speech_service(request: Request) -> SpeechService:
    return app_state(request).speech


def _audio_response(request: Request, audio: Audio | AudioStream, cache_control: str) -> Response:
    if isinstance(audio, AudioStream):
        return StreamingResponse(
            audio.chunks,
            media_type=audio.media_type,
            headers={
                "Cache-Control": cache_control,
                "ETag": f'W/"{audio.digest}"',
                "Content-Location": audio.url,
                "X-Speech-Cache": "miss",
                "Access-Control-Expose-Headers": "X-Speech-Cache, Content-Location, ETag",
            },
        )
    # weak: the digest names the recipe; espeak-ng's library may differ from a fresh
    # process by a few samples of silence, so two replicas' bytes are equivalent, not equal
    etag = f'W/"{audio.digest}"'
    headers = {
        "Cache-Control": cache_control,
        "ETag": etag,
        "Content-Location": audio.url,
        "X-Speech-Cache": "hit" if audio.cached else "miss",
        "Access-Control-Expose-Headers": "X-Speech-Cache, Content-Location, ETag",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(audio.data, media_type=audio.media_type, headers=headers)


@router.get(
    "/api/speech",
    summary="Read text aloud (audio)",
    responses=_AUDIO_RESPONSES,
    response_class=Response,
)
def speech_get(
    request: Request,
    text: Annotated[str, Query(description="Text to read")],
    rate: Annotated[float, Query(description="Speech rate, 0.5–2.0")] = 1.0,
    volume: Annotated[float, Query(description="Volume, 0–1")] = 1.0,
    format: Annotated[Literal["mp3", "wav"], Query(description="mp3 or wav")] = "mp3",
    voice: Annotated[str, Query(max_length=64, description="Engine voice")] = "",
    lang: Annotated[Literal["zh", "en"], Query(description="zh (default) or en")] = "zh",
    priority: Annotated[
        Literal["now", "next", "warm"], Query(description="Place in the synthesis queue")
    ] = "now",
) -> Response:
    audio = speech_service(request).speak_stream(
        SpeechRequest(text, rate, volume, format, voice, lang, priority)
    )
    return _audio_response(request, audio, SHORT)


@router.post(
    "/api/speech",
    summary="Read text aloud (audio, JSON body)",
    responses=_AUDIO_RESPONSES,
    response_class=Response,
)
def speech_post(request: Request, body: SpeechBody) -> Response:
    audio = speech_service(request).speak(
        SpeechRequest(body.text, body.rate, body.volume, body.format, body.voice, body.lang)
    )
    return _audio_response(request, audio, "no-store")


@router.post(
    "/api/speech/plan",
    summary="Sentences and their audio addresses (for 连读)",
    response_model=PlanOut,
)
def speech_plan(request: Request, body: PlanBody) -> PlanOut:
    service = speech_service(request)
    planned = service.plan(
        SpeechRequest(body.text, body.rate, body.volume, body.format, body.voice, body.lang)
    )
    return PlanOut(
        engine=service.engine.name,
        format=body.format,
        sentences=[PlannedSentenceOut(**vars(p)) for p in planned],
    )


@router.get(
    "/api/speech/audio/{digest}.{ext}",
    summary="Audio by its immutable address (from /api/speech/plan)",
    responses=_AUDIO_RESPONSES,
    response_class=Response,
)
def speech_audio(
    request: Request,
    digest: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
    ext: Annotated[Literal["mp3", "wav"], Path()],
    text: Annotated[str, Query()],
    rate: Annotated[float, Query()] = 1.0,
    volume: Annotated[float, Query()] = 1.0,
    voice: Annotated[str, Query(max_length=64)] = "",
    lang: Annotated[Literal["zh", "en"], Query()] = "zh",
    priority: Annotated[
        Literal["now", "next", "warm"], Query(description="Place in the synthesis queue")
    ] = "now",
) -> Response:
    audio = speech_service(request).by_address_stream(
        digest, ext, SpeechRequest(text, rate, volume, ext, voice, lang, priority)
    )
    return _audio_response(request, audio, IMMUTABLE)


@router.post(
    "/api/speech/prepare",
    summary="Synthesise a page's sentences in the background (so 指读 finds them cached)",
    response_model=PrepareOut,
    status_code=202,
)
def speech_prepare(request: Request, body: PrepareBody) -> PrepareOut:
    prepared = speech_service(request).prepare(
        body.texts, SpeechRequest("", body.rate, body.volume, body.format, body.voice, body.lang)
    )
    return PrepareOut(sentences=prepared.sentences, cached=prepared.cached, queued=prepared.queued)


class VoicesOut(BaseModel):
    engine: str = Field(description="The engine that answers (kokoro, espeak, openai …)")
    default: str
    voices: list[str] = Field(
        description="Voices a request may name; empty: the engine takes any name"
    )
    aliases: dict[str, str] = Field(
        description="female/male (the toolbar's 女声/男声) → the voice used for Chinese text"
    )
    fallback: str | None = Field(
        None,
        description="Set when the configured engine cannot run and this one answers instead: why",
    )


@router.get(
    "/api/speech/voices", summary="The speech engine and its voices", response_model=VoicesOut
)
def speech_voices(request: Request) -> VoicesOut:
    service = speech_service(request)
    service.engine.check()
    return VoicesOut(
        engine=service.engine.name,
        default=service.default_voice(),
        voices=service.engine.voices(),
        aliases=service.voice_aliases("zh"),
        fallback=service.fallback,
    )
