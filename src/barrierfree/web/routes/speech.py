"""Speech API: ``/api/speech`` (audio), ``/api/speech/plan`` (sentences and their audio
addresses, for 连读) and ``/api/speech/audio/<digest>.<ext>`` (immutable, CDN-cacheable)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Annotated, Literal

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ...speech import SpeechRequest, SpeechService
from ...speech.service import Audio
from ..state import app_state

if TYPE_CHECKING:
    from ..app import AppState

_lock = threading.Lock()


@asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    # load the dictionaries, the pinyin model and the engine while the server starts, in the
    # background, so the first visitor's 连读 does not wait for them (a request that comes
    # first simply waits for the same lock)
    thread = threading.Thread(target=service_for, args=(app.state.bf,), daemon=True)
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
    400: {"description": "Empty text, bad rate/volume/format/voice"},
    413: {"description": "Text longer than `speech_max_chars`"},
    429: {"description": "Too many requests waiting for synthesis (see `Retry-After`)"},
    503: {"description": "No speech engine on this server, or overloaded (see `Retry-After`)"},
}

Text = Annotated[str, Field(description="Text to read (Chinese, English, numbers, dates, URLs …)")]
Rate = Annotated[float, Field(1.0, description="Speech rate, 0.5–2.0 (1.0 normal)")]
Volume = Annotated[float, Field(1.0, description="Volume, 0–1 (1.0 the engine's normal loudness)")]
Format = Annotated[
    Literal["mp3", "wav"], Field("mp3", description="mp3 (default, every browser) or wav")
]
Voice = Annotated[str, Field("", max_length=64, description="Engine voice; empty for the default")]
Lang = Annotated[
    Literal["zh", "en"],
    Field("zh", description="zh: Mandarin with embedded English (default); en: an English page"),
]


class SpeechBody(BaseModel):
    text: Text
    rate: Rate = 1.0
    volume: Volume = 1.0
    format: Format = "mp3"
    voice: Voice = ""
    lang: Lang = "zh"


class PlanBody(SpeechBody):
    """The same fields as a speech request: each planned sentence's URL carries them."""


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
    return service_for(app_state(request))


def service_for(state: AppState) -> SpeechService:
    service = state.services.get("speech")
    if service is None:
        with _lock:
            service = state.services.get("speech")
            if service is None:
                service = SpeechService(state.settings, state.cache)
                service.warm_up()
                state.services["speech"] = service
    return service


def _audio_response(request: Request, audio: Audio, cache_control: str) -> Response:
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
) -> Response:
    audio = speech_service(request).speak(SpeechRequest(text, rate, volume, format, voice, lang))
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
) -> Response:
    audio = speech_service(request).by_address(
        digest, ext, SpeechRequest(text, rate, volume, ext, voice, lang)
    )
    return _audio_response(request, audio, IMMUTABLE)


class VoicesOut(BaseModel):
    engine: str
    default: str
    voices: list[str] = Field(
        description="Voices a request may name; empty: the engine takes any name"
    )


@router.get(
    "/api/speech/voices", summary="The speech engine and its voices", response_model=VoicesOut
)
def speech_voices(request: Request) -> VoicesOut:
    service = speech_service(request)
    service.engine.check()
    default = service.settings.speech_voice or service.engine.default_voice()
    return VoicesOut(engine=service.engine.name, default=default, voices=service.engine.voices())
