"""Kokoro's predicted pitch opened to the caller: the graph takes an offset added to the pitch it predicts and
also returns the durations and pitch it predicted, so that a second pass can speak the same phonemes with the
same timing and another pitch contour (Mandarin tones shaped where Kokoro's Japanese styles blur them)."""
from __future__ import annotations

#: the tensors of the bundled Kokoro-82M export that hold each phoneme's duration (in frames of 600 samples at
#: 24 kHz) and the predicted pitch (Hz, two values per such frame)
DURATIONS = "/encoder/Clip_output_0"
PITCH = "/encoder/Squeeze_output_0"
#: the graph's new input: Hz added to the predicted pitch, shaped (1, pitch frames), or (1, 1) for one value
OFFSET = "f0_offset"


def open_pitch(model) -> bool:
    """Rewire `model` (an onnx ModelProto, changed in place) so that everything reading the predicted pitch reads
    it plus the input OFFSET, and add the durations and the predicted pitch as outputs after the audio. False,
    and the model unchanged, where it has no such tensors (a Kokoro export of the user's own)."""
    from onnx import TensorProto, helper

    graph = model.graph
    made = {name for node in graph.node for name in node.output}
    if not {DURATIONS, PITCH} <= made:
        return False
    shaped = PITCH + "_offset"
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name == PITCH:
                node.input[i] = shaped
    graph.node.append(helper.make_node("Add", [PITCH, OFFSET], [shaped], name="pitch_offset"))
    graph.input.append(helper.make_tensor_value_info(OFFSET, TensorProto.FLOAT, [1, None]))
    graph.output.append(helper.make_tensor_value_info(DURATIONS, TensorProto.FLOAT, None))
    graph.output.append(helper.make_tensor_value_info(PITCH, TensorProto.FLOAT, None))
    return True


def prosody_graph(model) -> bytes:
    """The part of `model` (an onnx ModelProto opened by `open_pitch`) that predicts the durations and the pitch,
    serialized: it makes no audio, so it runs in a few percent of the whole's time, for a first pass that needs
    only them."""
    from onnx.utils import Extractor

    inputs = [i.name for i in model.graph.input if i.name != OFFSET]
    return Extractor(model).extract_model(inputs, [DURATIONS, PITCH]).SerializeToString()
