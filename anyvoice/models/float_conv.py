"""Dynamically quantized ONNX convolutions turned back into float ones.

A model quantized with ONNX Runtime's dynamic quantization runs each convolution as ConvInteger on activations
quantized at run time. ONNX Runtime has no fast CPU kernel for ConvInteger (Kokoro-82M int8 spends nearly all
its time there), while its float Conv is well optimised. The weights are dequantized once (the same int8 values,
now as float) and the activations stay float, which is closer to the original model, not further.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np


def _weights(inits: dict, conv) -> np.ndarray | None:
    """The float weights of a ConvInteger whose weights are constants quantized per tensor (one scale, one zero
    point); None otherwise."""
    from onnx import numpy_helper

    name = conv.input[1]
    scale = name.removesuffix("_quantized") + "_scale"
    zero = conv.input[3] if len(conv.input) > 3 else ""
    if not (name.endswith("_quantized") and name in inits and scale in inits and (not zero or zero in inits)):
        return None
    step = numpy_helper.to_array(inits[scale]).astype(np.float32)
    offset = numpy_helper.to_array(inits[zero]).astype(np.float32) if zero else np.float32(0.0)
    if step.size != 1 or offset.size != 1:
        return None
    return (numpy_helper.to_array(inits[name]).astype(np.float32) - offset) * step


def _float_bias(inits: dict, producer: dict, quantized: str) -> np.ndarray | None:
    """The float bias behind a bias quantized at run time: Reshape(Cast(Floor(Div(bias, scale))))."""
    from onnx import numpy_helper

    node = producer.get(quantized)
    for op in ("Reshape", "Cast", "Floor"):
        if node is None or node.op_type != op:
            return None
        node = producer.get(node.input[0])
    if node is None or node.op_type != "Div" or node.input[0] not in inits:
        return None
    return numpy_helper.to_array(inits[node.input[0]]).astype(np.float32)


def float_convolutions(model) -> int:
    """Replace, in place, each ConvInteger of `model` (an onnx ModelProto) fed by DynamicQuantizeLinear, with its
    (int bias Add), Cast and rescaling Mul, by one float Conv with the dequantized weights; nodes and constants
    left feeding nothing are removed. Returns how many convolutions were replaced."""
    from onnx import helper, numpy_helper

    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    producer = {out: node for node in graph.node for out in node.output}
    consumers = defaultdict(list)
    for node in graph.node:
        for name in node.input:
            consumers[name].append(node)

    def only_next(node, op: str):
        after = consumers[node.output[0]]
        return after[0] if len(after) == 1 and after[0].op_type == op else None

    replaced, dropped, added = {}, set(), []
    for conv in graph.node:
        quantize = producer.get(conv.input[0]) if conv.op_type == "ConvInteger" else None
        if quantize is None or quantize.op_type != "DynamicQuantizeLinear":
            continue
        weights = _weights(inits, conv)
        add = only_next(conv, "Add")
        bias = _float_bias(inits, producer, add.input[1]) if add is not None else None
        if weights is None or (add is not None and bias is None):
            continue
        cast = only_next(add or conv, "Cast")
        scale = only_next(cast, "Mul") if cast is not None else None
        if scale is None:
            continue
        constants = [numpy_helper.from_array(weights, conv.name + "_float_weight")]
        if bias is not None:
            constants.append(numpy_helper.from_array(bias, conv.name + "_float_bias"))
        added += constants
        float_conv = helper.make_node("Conv", [quantize.input[0], *(c.name for c in constants)], [scale.output[0]],
                                      name=conv.name + "_float")
        float_conv.attribute.extend(conv.attribute)
        replaced[id(scale)] = float_conv
        dropped.update(id(node) for node in (conv, add, cast) if node is not None)
    nodes = [replaced.get(id(node), node) for node in graph.node if id(node) not in dropped]
    outputs = {o.name for o in graph.output}
    while True:  # the quantizers and bias arithmetic now feed nothing
        used = {name for node in nodes for name in node.input} | outputs
        kept = [node for node in nodes if any(out in used for out in node.output)]
        if len(kept) == len(nodes):
            break
        nodes = kept
    del graph.node[:]
    graph.node.extend(nodes)
    used = {name for node in nodes for name in node.input}
    constants = [i for i in graph.initializer if i.name in used] + added
    del graph.initializer[:]
    graph.initializer.extend(constants)
    return len(replaced)
