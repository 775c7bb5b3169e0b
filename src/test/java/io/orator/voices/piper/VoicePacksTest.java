package io.orator.voices.piper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoicePacksTest {

    @TempDir
    Path dir;

    private void copy(String from, String to) throws IOException {
        Files.copy(PiperEngineTest.VOICES.resolve(from), dir.resolve(to));
    }

    private Map<String, VoicePack> scan() throws IOException {
        return VoicePacks.scan(dir).stream().collect(Collectors.toMap(p -> p.name() + p.format(), Function.identity()));
    }

    private static String problem(VoicePack pack) {
        return pack.problem().orElseThrow(() -> new AssertionError(pack + " should be unusable"));
    }

    @Test
    void findsTheCommittedPacks() throws IOException {
        List<VoicePack> packs = VoicePacks.scan(PiperEngineTest.VOICES);
        assertEquals(List.of("multi-onnx ONNX", "multi-ts TORCHSCRIPT", "multi-ts-scales TORCHSCRIPT",
                        "tiny-onnx ONNX", "tiny-ts TORCHSCRIPT", "tiny-ts-scales TORCHSCRIPT"),
                packs.stream().map(p -> p.name() + " " + p.format()).sorted().toList());
        assertTrue(packs.stream().allMatch(p -> p.problem().isEmpty()), packs.toString());
    }

    @Test
    void aMissingDirectoryHoldsNoPacks() throws IOException {
        assertEquals(List.of(), VoicePacks.scan(dir.resolve("absent")));
    }

    @Test
    void torchScriptFallsBackToTheOnnxConfig() throws IOException {
        copy("tiny-ts.pt", "exported.pt");
        copy("tiny-ts.pt.json", "exported.onnx.json");
        VoicePack pack = scan().get("exportedTORCHSCRIPT");
        assertTrue(pack.problem().isEmpty(), pack.toString());
        assertEquals(1, scan().size());
    }

    @Test
    void reportsEachBadPackWithItsReasonAndKeepsTheGoodOnes() throws IOException {
        copy("tiny-onnx.onnx", "good.onnx");
        copy("tiny-onnx.onnx.json", "good.onnx.json");
        copy("tiny-onnx.onnx", "lonely.onnx");
        copy("tiny-ts.pt", "lonely-ts.pt");
        copy("tiny-onnx.onnx.json", "no-model.onnx.json");
        copy("tiny-onnx.onnx", "garbled.onnx");
        Files.writeString(dir.resolve("garbled.onnx.json"), "{\"audio\": ");
        copy("tiny-ts.pt", "both.pt");
        copy("tiny-ts.pt.json", "both.pt.json");
        copy("tiny-onnx.onnx", "both.onnx");
        copy("tiny-onnx.onnx.json", "both.onnx.json");
        copy("tiny-onnx.onnx", "odd#name.onnx");
        copy("tiny-onnx.onnx.json", "odd#name.onnx.json");
        Files.writeString(dir.resolve("README.txt"), "not a voice");
        Files.createDirectory(dir.resolve("nested.onnx"));

        Map<String, VoicePack> packs = scan();
        assertEquals(8, packs.size(), packs.toString());
        assertTrue(packs.get("goodONNX").problem().isEmpty());
        assertTrue(packs.get("bothTORCHSCRIPT").problem().isEmpty());
        assertTrue(problem(packs.get("lonelyONNX")).contains("expected lonely.onnx.json"));
        assertTrue(problem(packs.get("lonely-tsTORCHSCRIPT")).contains("lonely-ts.pt.json or lonely-ts.onnx.json"));
        assertTrue(problem(packs.get("no-modelONNX")).contains("model file no-model.onnx is missing"));
        assertTrue(problem(packs.get("garbledONNX")).startsWith("garbled.onnx.json is not a JSON object"));
        assertTrue(problem(packs.get("bothONNX")).contains("both.pt is used for this name"));
        assertTrue(problem(packs.get("odd#nameONNX")).contains("'#'"));
    }
}
