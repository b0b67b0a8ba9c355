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
the cumulative durations, less one) and, with ``head_keep``, to start that many frames before
the first spoken token (the leading pad's 17–18 frames are silence too).

Sliced plainly, the audio is not the model's own: every layer of the decoder normalises over
the whole clause (AdaIN: mean and variance over time), and the silence weighs in those
statistics.  So each of the decoder's means over time becomes a weighted mean, in which the
last ``tail_rep`` frames kept (silence) stand for themselves and the silent frames not made,
and the pad frames kept for the whole pad: ``(kept + not made) ÷ kept`` each.  Layers that run
at a finer time resolution weigh each step by the frame it comes from.  Measured on the log
spectrum, this brings the sound about halfway back towards the whole call's.

The graph is changed in its serialised form (ONNX is protobuf, and only the graph's list of
nodes is rewritten; the weights are copied as they are): four nodes get a new input name,
each of the decoder's ReduceMean nodes is replaced by the nodes of a weighted mean, and the
slice's own nodes, constants and four inputs are added.  No ONNX package is needed.  With
``tail_token`` the last index, ``tail_keep`` 0 and ``head_keep`` larger than the pad the
patched graph gives the original audio (to within float rounding).

If the graph does not have the tensors this expects (an operator's own model), :func:`cut`
returns ``None`` and the engine runs the model unchanged.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

__all__ = ["INPUTS", "cut"]

#: the inputs the patched graph adds (int64, shape [1])
INPUTS = ("tail_token", "tail_keep", "tail_rep", "head_keep")

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
_FLOAT = 1


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


def _node(op: str, inputs: list[str], output: str, attributes: bytes = b"") -> bytes:
    body = b"".join(_bytes(1, name.encode()) for name in inputs)
    body += _bytes(2, output.encode()) + _bytes(3, output.encode()) + _bytes(4, op.encode())
    return _bytes(1, body + attributes)  # GraphProto.node


def _cast_to_float() -> bytes:
    # NodeProto.attribute: AttributeProto name "to", i FLOAT, type INT
    return _bytes(5, _bytes(1, b"to") + _int(3, _FLOAT) + _int(20, 2))


def _constant(name: str, *values: int, dims: tuple[int, ...] | None = None) -> bytes:
    """An int64 initializer: dims ``[len(values)]`` unless given (``()`` for a scalar)."""
    shape = (len(values),) if dims is None else dims
    tensor = b"".join(_int(1, d) for d in shape) + _int(2, _INT64)
    if values:
        tensor += _bytes(7, b"".join(_encode_varint(v & 0xFFFFFFFFFFFFFFFF) for v in values))
    return _bytes(5, tensor + _bytes(8, name.encode()))  # GraphProto.initializer


def _float_constant(name: str, value: float) -> bytes:
    tensor = _int(1, 1) + _int(2, _FLOAT) + _bytes(4, struct.pack("<f", value))
    return _bytes(5, tensor + _bytes(8, name.encode()))


def _input(name: str) -> bytes:
    shape = _bytes(1, _int(1, 1))  # one dimension of size 1
    tensor_type = _int(1, _INT64) + _bytes(2, shape)
    return _bytes(11, _bytes(1, name.encode()) + _bytes(2, _bytes(1, tensor_type)))


def _node_io(payload: bytes) -> tuple[str, str, list[str], list[str]]:
    """A NodeProto's name, op type, inputs and outputs."""
    name = op = ""
    inputs: list[str] = []
    outputs: list[str] = []
    for number, value, _raw in _fields(payload):
        if value is None:
            continue
        if number == 1:
            inputs.append(value.decode())
        elif number == 2:
            outputs.append(value.decode())
        elif number == 3:
            name = value.decode()
        elif number == 4:
            op = value.decode()
    return name, op, inputs, outputs


def _int64_tensor(tensor: bytes) -> tuple[str, list[int] | None]:
    """A small TensorProto's name and its int64 values (packed or raw); None for any other
    kind of tensor (the weights are not read)."""
    name = ""
    packed = raw_data = b""
    data_type = 0
    for number, payload, raw in _fields(tensor):
        if number == 2:
            data_type = _varint(raw, 1)[0]
        elif number == 8 and payload is not None:
            name = payload.decode()
        elif number == 7 and payload is not None:
            packed = payload
        elif number == 9 and payload is not None:
            raw_data = payload
    if data_type != _INT64 or len(packed) + len(raw_data) > 64:
        return name, None
    values = list(struct.unpack(f"<{len(raw_data) // 8}q", raw_data[: len(raw_data) // 8 * 8]))
    i = 0
    while i < len(packed):
        value, i = _varint(packed, i)
        values.append(value - (1 << 64) if value >> 63 else value)
    return name, values


def _constant_values(node: bytes) -> list[int] | None:
    """The int64 values a Constant node holds, or None."""
    for number, attribute, _raw in _fields(node):
        if number == 5 and attribute is not None:  # NodeProto.attribute
            for a_number, tensor, _r in _fields(attribute):
                if a_number == 5 and tensor is not None:  # AttributeProto.t
                    return _int64_tensor(tensor)[1]
    return None


def _weighted_mean(k: int, x: str, y: str) -> bytes:
    """Nodes that compute ``y``, the mean of ``x`` over its time axis (2) with each step
    weighted by the frame it comes from (see the module's docstring), in place of a
    ReduceMean.  The decoder's layers run at several time resolutions; step ``t`` of ``T``
    belongs to frame ``t × frames ÷ T`` of the slice."""
    p = f"cut/w{k}/"
    nodes = _node("Shape", [x], p + "shape")
    nodes += _node("Gather", [p + "shape", "cut/axis2"], p + "T")
    nodes += _node("Reshape", [p + "T", "cut/scalar"], p + "T0")
    nodes += _node("Range", ["cut/zero0", p + "T0", "cut/one0"], p + "t")
    nodes += _node("Mul", [p + "t", "cut/frames"], p + "tf")
    nodes += _node("Div", [p + "tf", p + "T"], p + "frame")
    nodes += _node("GreaterOrEqual", [p + "frame", "cut/tail_from"], p + "tail")
    nodes += _node("Less", [p + "frame", "cut/head_kept"], p + "head")
    nodes += _node("Where", [p + "head", "cut/w_head", "cut/onef"], p + "w0")
    nodes += _node("Where", [p + "tail", "cut/w_tail", p + "w0"], p + "w1")
    nodes += _node("Reshape", [p + "w1", "cut/row"], p + "w")
    nodes += _node("Mul", [x, p + "w"], p + "xw")
    nodes += _node("ReduceSum", [p + "xw", "cut/axis2"], p + "sum")
    nodes += _node("ReduceSum", [p + "w"], p + "total")
    return nodes + _node("Div", [p + "sum", p + "total"], y)


def _frame_nodes() -> bytes:
    """Where the slice starts and ends, and the weights of the silent frames it keeps."""
    n = _constant("cut/zero", 0) + _constant("cut/one", 1) + _constant("cut/two", 2)
    n += _constant("cut/axis1", 1) + _constant("cut/axis2", 2) + _constant("cut/row", 1, 1, -1)
    n += _constant("cut/scalar", dims=(0,)) + _constant("cut/zero0", 0, dims=())
    n += _constant("cut/one0", 1, dims=()) + _float_constant("cut/onef", 1.0)
    n += _node("Shape", [_ASR], "cut/asr_shape")
    n += _node("Gather", ["cut/asr_shape", "cut/axis2"], "cut/all")
    # the first spoken token starts where the pad's frames end
    n += _node("Gather", [_CUMSUM, "cut/zero"], "cut/pad")
    n += _node("Sub", ["cut/pad", "head_keep"], "cut/start0")
    n += _node("Max", ["cut/start0", "cut/zero"], "cut/start")
    n += _node("Gather", [_CUMSUM, "tail_token"], "cut/last_start")
    n += _node("Add", ["cut/last_start", "tail_keep"], "cut/end0")
    n += _node("Min", ["cut/end0", "cut/all"], "cut/end")
    n += _node("Sub", ["cut/end", "cut/start"], "cut/frames")
    n += _node("Mul", ["cut/start", "cut/two"], "cut/start2")
    n += _node("Mul", ["cut/end", "cut/two"], "cut/end2")
    # the pad frames kept stand for themselves and the ones not made: (kept + cut) ÷ kept
    n += _node("Sub", ["cut/pad", "cut/start"], "cut/head_kept")
    n += _node("Max", ["cut/head_kept", "cut/one"], "cut/head_kept1")
    n += _node("Cast", ["cut/pad"], "cut/pad_f", _cast_to_float())
    n += _node("Cast", ["cut/head_kept1"], "cut/head_kept_f", _cast_to_float())
    n += _node("Div", ["cut/pad_f", "cut/head_kept_f"], "cut/w_head")
    # the last tail_rep frames of the slice stand for themselves and the silence not made
    n += _node("Sub", ["cut/frames", "tail_rep"], "cut/tail_from")
    n += _node("Sub", ["cut/all", "cut/end"], "cut/tail_cut")
    n += _node("Max", ["tail_rep", "cut/one"], "cut/tail_rep1")
    n += _node("Add", ["cut/tail_cut", "cut/tail_rep1"], "cut/tail_all")
    n += _node("Cast", ["cut/tail_all"], "cut/tail_all_f", _cast_to_float())
    n += _node("Cast", ["cut/tail_rep1"], "cut/tail_rep_f", _cast_to_float())
    n += _node("Div", ["cut/tail_all_f", "cut/tail_rep_f"], "cut/w_tail")
    n += _node("Slice", [_ASR, "cut/start", "cut/end", "cut/axis2"], "cut/asr")
    n += _node("Slice", [_F0, "cut/start2", "cut/end2", "cut/axis1"], "cut/F0")
    n += _node("Slice", [_N, "cut/start2", "cut/end2", "cut/axis1"], "cut/N")
    return n + b"".join(_input(name) for name in INPUTS)


def _node_name(payload: bytes) -> str:
    for number, value, _raw in _fields(payload):
        if number == 3 and value is not None:
            return value.decode()
    return ""


def _time_axes(graph: bytes) -> set[str]:
    """The names of the graph's int64 constants [2] (initializers and Constant nodes): the
    decoder's normalisations take their means over that axis, time."""
    names: set[str] = set()
    for number, value, _raw in _fields(graph):
        if value is None:
            continue
        if number == 5:  # GraphProto.initializer
            name, values = _int64_tensor(value)
            if values == [2]:
                names.add(name)
        elif number == 1 and b"Constant" in value:
            _name, op, _inputs, outputs = _node_io(value)
            if op == "Constant" and _constant_values(value) == [2]:
                names.update(outputs)
    return names


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
        means = bytearray()
        count = 0
        time_axes = _time_axes(payload)
        for field, value, field_raw in _fields(payload):
            if field != 1 or value is None:
                graph += field_raw
                continue
            name, op, inputs, outputs = _node_io(value)
            tensors.update(outputs)
            if op == "ReduceMean" and name.startswith("/decoder/"):
                if len(inputs) != 2 or inputs[1] not in time_axes or len(outputs) != 1:
                    return None  # a mean over something other than time: not this graph
                means += _weighted_mean(count, inputs[0], outputs[0])
                count += 1
                continue
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
        if found != set(_CONSUMERS) or not {_CUMSUM, _ASR, _F0, _N} <= tensors or not means:
            return None
        out += _bytes(7, bytes(graph) + _frame_nodes() + bytes(means))
    return bytes(out) if graph_seen else None
