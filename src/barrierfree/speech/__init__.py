"""Reading aloud: Mandarin text normalisation, sentence and language splitting, speech
engines (espeak-ng embedded, any OpenAI-style HTTP server), MP3/WAV encoding and the cached
service the API and CLI share."""

from .encode import FORMATS, AudioFormat
from .engines import (
    Engine,
    EspeakEngine,
    OpenAIHTTPEngine,
    PCMStream,
    engine_names,
    make_engine,
    register_engine,
)
from .normalize import normalize
from .segment import Run, Sentence, split_runs, split_sentences
from .service import Audio, PlannedSentence, SpeechRequest, SpeechService
from .syllables import numbered_pinyin

__all__ = [
    "FORMATS",
    "Audio",
    "AudioFormat",
    "Engine",
    "EspeakEngine",
    "OpenAIHTTPEngine",
    "PCMStream",
    "PlannedSentence",
    "Run",
    "Sentence",
    "SpeechRequest",
    "SpeechService",
    "engine_names",
    "make_engine",
    "normalize",
    "numbered_pinyin",
    "register_engine",
    "split_runs",
    "split_sentences",
]
