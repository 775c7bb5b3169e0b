#!/usr/bin/python3
"""Writes Piper-contract voice packs with random weights for Orator's tests and benchmarks.

The models are shaped like Piper's VITS generator (phoneme embedding, convolutional text
encoder, speaker embedding, alignment expanding each phoneme to frames, transposed-convolution
decoder) and take exactly the inputs Piper's exports take, so the engines meet the same
contract they meet with real voices. Random weights make noise, not speech.

Output length is ceil(T * length_scale) frames of HOP samples, T being the number of phoneme
ids; with all noise scales 0 the output is deterministic.

The aligned pack (voices-aligned/) also gives Piper's alignment output, as newer Piper exports
and `python -m piper.patch_voice_with_alignment` add it: a second ONNX output, w_ceil [1, 1, T],
the frames each phoneme id lasts. Its durations vary by phoneme (1 to 3 frames, times
length_scale, rounded up per phoneme as VITS does), so its output is sum(w_ceil) frames.

Run with Debian's torch (apt-get install python3-torch python3-onnx):
    /usr/bin/python3 src/test/voices/generate_test_voices.py            # small packs, committed
    /usr/bin/python3 src/test/voices/generate_test_voices.py --medium target/bench-voices
"""

import argparse
import json
import os
import sys

import torch
from torch import nn
from torch.nn import functional as F

HOP = 256
SAMPLE_RATE = 22050
SPEAKERS = ["p225", "p226", "p227", "p228"]

# Piper's espeak phoneme id map (piper-phonemize DEFAULT_PHONEME_ID_MAP, first 130 ids plus
# digits and the combining marks espeak-ng writes for English).
SYMBOLS = (
    ["_", "^", "$", " ", "!", "'", "(", ")", ",", "-", ".", ":", ";", "?"]
    + list("abcdefhijklmnopqrstuvwxyz")
    + list("æçðøħŋœǀǁǂǃɐɑɒɓɔɕɖɗɘəɚɛɜɞɟɠɡɢɣɤɥɦɧɨɪɫɬɭɮɯɰɱɲɳɴɵɶɸɹɺɻɽɾʀʁʂʃʄʈʉʊʋʌʍʎʏʐʑʒʔʕʘʙʛʜʝʟʡʢʲˈˌːˑ˞βθχᵻⱱ")
    + list("0123456789")
    + ["\u0327", "\u0303", "\u032a", "\u032f", "\u0329", "ʰ", "ˤ", "ε", "↓", "#", "\"", "↑", "\u033a", "\u033b"]
)
N_VOCAB = 256


def phoneme_id_map():
    return {symbol: [i] for i, symbol in enumerate(SYMBOLS)}


def sequence_mask(lengths: torch.Tensor, text: torch.Tensor) -> torch.Tensor:
    return (torch.arange(text.size(1), device=lengths.device).unsqueeze(0) < lengths.unsqueeze(1)).unsqueeze(1).float()


def alignment(phonemes: torch.Tensor, length_scale: torch.Tensor) -> torch.Tensor:
    """Every phoneme (last axis) gets length_scale frames: the alignment path of VITS' generate_path."""
    durations = torch.ones(phonemes.size(-1), device=length_scale.device) * length_scale
    ends = torch.cumsum(durations, 0)
    starts = ends - durations
    frames = int(torch.ceil(ends[-1]).item())
    centres = torch.arange(frames, device=length_scale.device).float() + 0.5
    return ((centres.unsqueeze(0) >= starts.unsqueeze(1)) & (centres.unsqueeze(0) < ends.unsqueeze(1))).float()


def traced_alignment(phonemes: torch.Tensor, length_scale: torch.Tensor) -> torch.Tensor:
    """alignment() for the ONNX export, where the frame count must stay a tensor to stay dynamic."""
    durations = torch.ones(phonemes.size(-1)) * length_scale
    ends = torch.cumsum(durations, 0)
    starts = ends - durations
    centres = torch.arange(torch.ceil(ends[-1]).long()).float() + 0.5
    return ((centres.unsqueeze(0) >= starts.unsqueeze(1)) & (centres.unsqueeze(0) < ends.unsqueeze(1))).float()


def varied_alignment(text: torch.Tensor, length_scale: torch.Tensor):
    """VITS' alignment from per-phoneme durations: w_ceil = ceil(w * length_scale), w from the phoneme id."""
    w = (1 + torch.remainder(text[0], 3)).float()
    w_ceil = torch.ceil(w * length_scale)
    ends = torch.cumsum(w_ceil, 0)
    starts = ends - w_ceil
    centres = torch.arange(ends[-1].long()).float() + 0.5
    path = ((centres.unsqueeze(0) >= starts.unsqueeze(1)) & (centres.unsqueeze(0) < ends.unsqueeze(1))).float()
    return path, w_ceil.view(1, 1, -1)


def noise(like: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    return torch.randn_like(like) * scale


# Tracing records the device of every tensor a model creates, and every int it computes, as a
# constant; compiled with
# torch.jit.script these helpers follow their inputs' device instead, so a TorchScript model traced
# on the CPU also runs on a GPU (DJL moves the weights with mapLocation).
SCRIPTED = {"sequence_mask": torch.jit.script(sequence_mask), "alignment": torch.jit.script(alignment),
            "noise": torch.jit.script(noise)}
TRACED = {"sequence_mask": sequence_mask, "alignment": traced_alignment, "noise": noise}


class TinyVits(nn.Module):
    """Piper's `infer` in miniature: text ids -> audio [1, 1, frames * HOP]."""

    def __init__(self, n_speakers, hidden, encoder_layers, decoder_channels, upsample_rates, resblocks):
        super().__init__()
        self.n_speakers = n_speakers
        self.scripted_helpers = True
        self.varied_durations = False
        self.emb = nn.Embedding(N_VOCAB, hidden)
        self.encoder = nn.ModuleList(nn.Conv1d(hidden, hidden, 5, padding=2) for _ in range(encoder_layers))
        self.proj = nn.Conv1d(hidden, 2 * hidden, 1)  # mean and log-scale of the prior, as in VITS
        self.spk = nn.Embedding(n_speakers, hidden) if n_speakers > 1 else None
        self.pre = nn.Conv1d(hidden, decoder_channels, 7, padding=3)
        self.ups = nn.ModuleList()
        self.res = nn.ModuleList()
        channels = decoder_channels
        for rate in upsample_rates:
            self.ups.append(nn.ConvTranspose1d(channels, channels // 2, 2 * rate, rate, padding=rate // 2))
            channels //= 2
            self.res.append(nn.ModuleList(nn.Conv1d(channels, channels, k, padding=k // 2) for k in resblocks))
        self.post = nn.Conv1d(channels, 1, 7, padding=3)
        assert torch.prod(torch.tensor(upsample_rates)).item() == HOP

    def infer(self, text, text_lengths, sid, noise_scale, length_scale, noise_scale_w):
        f = SCRIPTED if self.scripted_helpers else TRACED
        # Encoder over the phoneme ids, masked beyond text_lengths.
        x_mask = f["sequence_mask"](text_lengths, text)
        x = self.emb(text).transpose(1, 2) * x_mask
        for conv in self.encoder:
            x = x + torch.tanh(conv(x)) * x_mask
        stats = self.proj(x) * x_mask
        m_p, logs_p = torch.chunk(stats, 2, dim=1)
        if self.spk is not None:
            m_p = m_p + self.spk(sid).unsqueeze(-1)
        # noise_scale_w perturbs the durations in Piper; here it perturbs the prior only, so the
        # output length stays exactly ceil(T * length_scale) frames.
        m_p = m_p + f["noise"](m_p, 0.1 * noise_scale_w)

        w_ceil = None
        if self.varied_durations:
            path, w_ceil = varied_alignment(text, length_scale)
        else:
            path = f["alignment"](m_p, length_scale)
        m = torch.matmul(m_p, path)
        logs = torch.matmul(logs_p, path)
        z = m + f["noise"](m, noise_scale) * torch.exp(torch.clamp(logs, max=2.0))

        # Decoder: transposed convolutions upsample frames to samples (HOP per frame).
        y = self.pre(z)
        for up, convs in zip(self.ups, self.res):
            y = up(F.leaky_relu(y, 0.1))
            for conv in convs:
                y = y + conv(F.leaky_relu(y, 0.1))
        audio = torch.tanh(self.post(F.leaky_relu(y)))
        return audio, path.unsqueeze(0), x_mask, w_ceil


class InferForm(nn.Module):
    """Piper's TorchScript export: forward = infer(text, text_lengths, sid, noise_scale, length_scale, noise_scale_w)."""

    def __init__(self, vits):
        super().__init__()
        self.vits = vits

    def forward(self, text, text_lengths, sid, noise_scale, length_scale, noise_scale_w):
        audio, path, x_mask, _ = self.vits.infer(text, text_lengths, sid, noise_scale, length_scale, noise_scale_w)
        # Piper returns (o, attn, y_mask, (z, z_p, m_p, logs_p)); a nested tuple keeps that shape.
        return audio, path, (x_mask, text_lengths)


class ScalesForm(nn.Module):
    """The simple form, also Piper's ONNX form: (text, text_lengths, scales[, sid])."""

    def __init__(self, vits):
        super().__init__()
        self.vits = vits

    def forward(self, text, text_lengths, scales, sid=None):
        if sid is None:
            sid = torch.zeros(1, dtype=torch.long)
        audio, _, _, _ = self.vits.infer(text, text_lengths, sid, scales[0:1], scales[1:2], scales[2:3])
        return audio


class AlignedForm(nn.Module):
    """Piper's ONNX form with its alignment output: (text, text_lengths, scales) -> (audio, w_ceil)."""

    def __init__(self, vits):
        super().__init__()
        self.vits = vits

    def forward(self, text, text_lengths, scales):
        sid = torch.zeros(1, dtype=torch.long)
        audio, _, _, w_ceil = self.vits.infer(text, text_lengths, sid, scales[0:1], scales[1:2], scales[2:3])
        return audio, w_ceil


def example_inputs(n_speakers, length=50):
    torch.manual_seed(1)
    text = torch.randint(low=0, high=len(SYMBOLS), size=(1, length), dtype=torch.long)
    lengths = torch.tensor([length], dtype=torch.long)
    sid = torch.tensor([min(1, n_speakers - 1)], dtype=torch.long)
    return text, lengths, sid


def config(name, n_speakers, torchscript_form=None, description=""):
    cfg = {
        "dataset": name,
        "audio": {"sample_rate": SAMPLE_RATE, "quality": "x_low"},
        "espeak": {"voice": "en-us"},
        "language": {"code": "en_US", "family": "en", "region": "US"},
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
        "phoneme_type": "espeak",
        "phoneme_map": {},
        "phoneme_id_map": phoneme_id_map(),
        "num_symbols": N_VOCAB,
        "num_speakers": n_speakers,
        "speaker_id_map": {s: i for i, s in enumerate(SPEAKERS[:n_speakers])} if n_speakers > 1 else {},
        "piper_version": "1.0.0",
        "orator": {"description": description},
    }
    if torchscript_form:
        cfg["torchscript"] = {"input_form": torchscript_form}
    return cfg


def write_json(path, cfg):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False, indent=2)
        f.write("\n")


def export_torchscript(vits, n_speakers, path, form):
    text, lengths, sid = example_inputs(n_speakers)
    if form == "infer":
        module = InferForm(vits)
        inputs = (text, lengths, sid, torch.tensor([0.667]), torch.tensor([1.0]), torch.tensor([0.8]))
    else:
        module = ScalesForm(vits)
        inputs = (text, lengths, torch.tensor([0.667, 1.0, 0.8]))
        if n_speakers > 1:
            inputs = inputs + (sid,)
    with torch.no_grad():
        traced = torch.jit.trace(module, inputs, check_trace=False)
    torch.jit.save(traced, path)
    return traced, inputs


def export_onnx(vits, n_speakers, path, names=("input", "input_lengths", "scales", "sid")):
    text, lengths, sid = example_inputs(n_speakers)
    module = ScalesForm(vits)
    scales = torch.tensor([0.667, 1.0, 0.8])
    names = list(names[:3] if n_speakers == 1 else names)
    inputs = (text, lengths, scales) if n_speakers == 1 else (text, lengths, scales, sid)
    axes = {names[0]: {0: "batch_size", 1: "phonemes"}, names[1]: {0: "batch_size"}, "output": {0: "batch_size", 2: "time"}}
    vits.scripted_helpers = False
    with torch.no_grad():
        torch.onnx.export(module, inputs, path, input_names=names, output_names=["output"],
                          dynamic_axes=axes, opset_version=15, do_constant_folding=True)
    vits.scripted_helpers = True


def export_aligned_onnx(vits, path):
    text, lengths, _ = example_inputs(1)
    vits.scripted_helpers = False
    vits.varied_durations = True
    axes = {"input": {0: "batch_size", 1: "phonemes"}, "input_lengths": {0: "batch_size"},
            "output": {0: "batch_size", 2: "time"}, "w_ceil": {0: "batch_size", 2: "phonemes"}}
    with torch.no_grad():
        torch.onnx.export(AlignedForm(vits), (text, lengths, torch.tensor([0.667, 1.0, 0.8])), path,
                          input_names=["input", "input_lengths", "scales"], output_names=["output", "w_ceil"],
                          dynamic_axes=axes, opset_version=15, do_constant_folding=True)
    vits.varied_durations = False
    vits.scripted_helpers = True


def check_lengths(traced, form, n_speakers):
    """The traced graph must follow T and length_scale, not the example's constants."""
    for t, length_scale in ((7, 1.0), (20, 2.0), (33, 0.5)):
        text = torch.randint(3, 40, (1, t), dtype=torch.long)
        lengths = torch.tensor([t])
        sid = torch.tensor([n_speakers - 1])
        zero = torch.tensor([0.0])
        with torch.no_grad():
            if form == "infer":
                audio = traced(text, lengths, sid, zero, torch.tensor([length_scale]), zero)[0]
            else:
                args = (text, lengths, torch.tensor([0.0, length_scale, 0.0]))
                audio = traced(*(args + (sid,) if n_speakers > 1 else args))
        expected = -(-t * length_scale // 1) * HOP
        if list(audio.shape) != [1, 1, int(expected)]:
            sys.exit(f"traced model ignores its inputs: T={t} length_scale={length_scale} gave {list(audio.shape)}")


def build(n_speakers, seed, size):
    torch.manual_seed(seed)
    if size == "medium":
        # Piper medium's decoder width (512, upsampling 8x8x2x2); most parameters sit in the text
        # encoder, where they cost little time, as the transformer encoder and flow do in Piper.
        vits = TinyVits(n_speakers, hidden=384, encoder_layers=13, decoder_channels=512,
                        upsample_rates=[8, 8, 2, 2], resblocks=[3, 7, 11])
    else:
        vits = TinyVits(n_speakers, hidden=16, encoder_layers=2, decoder_channels=32,
                        upsample_rates=[8, 8, 4], resblocks=[3])
    return vits.eval()


def write_pack_set(out, prefix, n_speakers, size, seed):
    vits = build(n_speakers, seed, size)
    params = sum(p.numel() for p in vits.parameters())
    kind = f"{n_speakers}-speaker" if n_speakers > 1 else "single-speaker"
    for suffix, form in (("ts", "infer"), ("ts-scales", "scales")):
        name = f"{prefix}-{suffix}"
        traced, _ = export_torchscript(vits, n_speakers, os.path.join(out, name + ".pt"), form)
        check_lengths(traced, form, n_speakers)
        description = f"Test voice, {kind}, random weights, TorchScript {form} form"
        write_json(os.path.join(out, name + ".pt.json"),
                   config(name, n_speakers, None if form == "infer" else form, description))
    name = f"{prefix}-onnx"
    export_onnx(vits, n_speakers, os.path.join(out, name + ".onnx"))
    write_json(os.path.join(out, name + ".onnx.json"),
               config(name, n_speakers, None, f"Test voice, {kind}, random weights, ONNX"))
    print(f"{prefix}: {params:,} parameters, {kind}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--out", default=os.path.join(here, "..", "resources", "voices"),
                        help="directory for the small packs (default: src/test/resources/voices)")
    parser.add_argument("--bad-out", default=os.path.join(here, "..", "resources", "voices-bad"),
                        help="directory for a pack whose ONNX inputs have the wrong names (default: src/test/resources/voices-bad)")
    parser.add_argument("--aligned-out", default=os.path.join(here, "..", "resources", "voices-aligned"),
                        help="directory for the pack with Piper's alignment output (default: src/test/resources/voices-aligned)")
    parser.add_argument("--medium", metavar="DIR",
                        help="write only the benchmark packs (~16M parameters, like Piper's medium voices) to DIR")
    args = parser.parse_args()
    torch.set_grad_enabled(False)
    if args.medium:
        os.makedirs(args.medium, exist_ok=True)
        write_pack_set(args.medium, "medium", 1, "medium", seed=7)
        return
    os.makedirs(args.out, exist_ok=True)
    write_pack_set(args.out, "tiny", 1, "small", seed=3)
    write_pack_set(args.out, "multi", len(SPEAKERS), "small", seed=5)
    os.makedirs(args.aligned_out, exist_ok=True)
    export_aligned_onnx(build(1, 3, "small"), os.path.join(args.aligned_out, "aligned-onnx.onnx"))
    write_json(os.path.join(args.aligned_out, "aligned-onnx.onnx.json"),
               config("aligned-onnx", 1, None, "Test voice, single-speaker, random weights, ONNX with Piper's alignment output"))
    os.makedirs(args.bad_out, exist_ok=True)
    export_onnx(build(1, 3, "small"), 1, os.path.join(args.bad_out, "wrong-names.onnx"),
                names=("text", "text_lengths", "scales"))
    write_json(os.path.join(args.bad_out, "wrong-names.onnx.json"),
               config("wrong-names", 1, None, "ONNX inputs named text, text_lengths, scales"))


if __name__ == "__main__":
    main()
