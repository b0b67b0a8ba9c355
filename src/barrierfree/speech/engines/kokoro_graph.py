"""A change to Kokoro's ONNX graph so that the decoder does not make the trailing silence.

Every Kokoro call predicts about a second of silence after the last sound: the tone mark or
vowel of the final syllable gets ~29 frames of 25 ms and the punctuation after it ~10, almost
all of them silent.  The decoder (the bulk of the work) then turns those frames into audio
that the engine trims.  Shortening those tokens' *predicted durations* is not the way: the
prosody predictor reads the whole frame sequence, and a short ending makes the final syllable
weak or swallows it (measured: 根据市政府通知 lost most of 知).

What this does instead: the durations, pitch (F0) and energy (N) are predicted on the full
frame sequence as before, and only the decoder's three frame-rate inputs are sliced to end
``tail_keep`` frames after the start of the last spoken token (``tail_token`` is its index in
the cumulative durations, less one).  The decoder's convolutions see zero padding a little
earlier than before, well inside the silence; the audio up to there is the model's own.

The graph is changed in its serialised form (ONNX is protobuf, and only the graph's list of
nodes is rewritten; the weights are copied as they are): four nodes get a new input name, and
six nodes, four constants and two inputs are added.  No ONNX package is needed.  With ``tail_token``
the last index and ``tail_keep`` 0 the patched graph gives exactly the original audio.

If the graph does not have the tensors this expects (an operator's own model), :func:`cut`
returns ``None`` and the engine runs the model unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["INPUTS", "cut"]

#: the inputs the patched graph adds (int64, shape [1])
INPUTS = ("tail_token", "tail_keep")

_CUMSUM = "/encoder/CumSum_output_0"  # cumulative frame count per input token
_ASR = "/encoder/MatMul_1_output_0"  # text features at frame rate, [1, 512, frames]
_F0 = "/encoder/Reshape_output_0"  # predicted pitch, [1, 2 × frames]
_N = "/encoder/Reshape_1_output_0"  # predicted energy, [1, 2 × frames]
# the nodes that read those tensors for the decoder → (tensor, its sliced replacement)
_CONSUMERS = {
    "/encoder/MatMul_1_output_0_QuantizeLinear": (_ASR, "cut/asr"),
    "/decoder/decoder/Concat": (_ASR, "cut/asr"),
    "/decoder/decoder/Unsqueeze": (_F0, "cut/F0"),
    "/decoder/decoder/Unsqueeze_1": (_N, "cut/N"),
}
_INT64 = 7


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _fields(data: bytes) -> Iterator[tuple[int, bytes | None, bytes]]:
    """(field number, payload of a length-delimited field or None, the field's raw bytes)."""
    i = 0
    while i < len(data):
        start = i
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        payload: bytes | None = None
        if wire == 0:
            _, i = _varint(data, i)
        elif wire == 2:
            size, i = _varint(data, i)
            payload = data[i : i + size]
            i += size
        elif wire == 5:
            i += 4
        elif wire == 1:
            i += 8
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, payload, data[start:i]


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _bytes(number: int, payload: bytes) -> bytes:
    return _encode_varint(number << 3 | 2) + _encode_varint(len(payload)) + payload


def _int(number: int, value: int) -> bytes:
    return _encode_varint(number << 3) + _encode_varint(value)


def _node(op: str, inputs: list[str], output: str) -> bytes:
    body = b"".join(_bytes(1, name.encode()) for name in inputs)
    body += _bytes(2, output.encode()) + _bytes(3, output.encode()) + _bytes(4, op.encode())
    return _bytes(1, body)  # GraphProto.node


def _constant(name: str, value: int) -> bytes:
    tensor = (
        _int(1, 1) + _int(2, _INT64) + _bytes(7, _encode_varint(value)) + _bytes(8, name.encode())
    )
    return _bytes(5, tensor)  # GraphProto.initializer: dims [1], int64_data [value]


def _input(name: str) -> bytes:
    shape = _bytes(1, _int(1, 1))  # one dimension of size 1
    tensor_type = _int(1, _INT64) + _bytes(2, shape)
    return _bytes(11, _bytes(1, name.encode()) + _bytes(2, _bytes(1, tensor_type)))


def _node_name(payload: bytes) -> str:
    for number, value, _raw in _fields(payload):
        if number == 3 and value is not None:
            return value.decode()
    return ""


def cut(model: bytes) -> bytes | None:
    """``model`` (a serialised Kokoro-82M ONNX graph) with the decoder's inputs sliced as
    described above, or ``None`` if the graph is not the one this was written for."""
    out = bytearray()
    found: set[str] = set()
    graph_seen = False
    for number, payload, raw in _fields(model):
        if number != 7 or payload is None:  # ModelProto.graph
            out += raw
            continue
        graph_seen = True
        graph = bytearray()
        tensors: set[str] = set()
        for field, value, field_raw in _fields(payload):
            if field != 1 or value is None:
                graph += field_raw
                continue
            name = _node_name(value)
            for f, v, _r in _fields(value):
                if f == 2 and v is not None:
                    tensors.add(v.decode())
            if name not in _CONSUMERS:
                graph += field_raw
                continue
            old, new = _CONSUMERS[name]
            node = bytearray()
            renamed = False
            for f, v, r in _fields(value):
                if f == 1 and v is not None and v.decode() == old:
                    node += _bytes(1, new.encode())
                    renamed = True
                else:
                    node += r
            if not renamed:
                return None
            found.add(name)
            graph += _bytes(1, bytes(node))
        if found != set(_CONSUMERS) or not {_CUMSUM, _ASR, _F0, _N} <= tensors:
            return None
        added = _constant("cut/zero", 0) + _constant("cut/two", 2)
        added += _constant("cut/axis1", 1) + _constant("cut/axis2", 2)
        added += _node("Gather", [_CUMSUM, "tail_token"], "cut/last_start")
        added += _node("Add", ["cut/last_start", "tail_keep"], "cut/end")
        added += _node("Mul", ["cut/end", "cut/two"], "cut/end2")
        added += _node("Slice", [_ASR, "cut/zero", "cut/end", "cut/axis2"], "cut/asr")
        added += _node("Slice", [_F0, "cut/zero", "cut/end2", "cut/axis1"], "cut/F0")
        added += _node("Slice", [_N, "cut/zero", "cut/end2", "cut/axis1"], "cut/N")
        added += b"".join(_input(name) for name in INPUTS)
        out += _bytes(7, bytes(graph) + added)
    return bytes(out) if graph_seen else None
