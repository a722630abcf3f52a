package org.liverlens.core.segment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.UserHome;

/**
 * A model package on disk (docs/models.md): a folder with {@code model.json} and the files it lists,
 * each verified against its SHA-256 before anything is loaded. A zip is unpacked into the user's
 * cache first; the default model is unpacked there from the class path.
 */
public final class ModelPackage {
    /** The descriptor's file name. */
    public static final String MODEL_JSON = "model.json";

    private final Path folder;
    private final ModelSpec spec;

    private ModelPackage(Path folder, ModelSpec spec) {
        this.folder = folder;
        this.spec = spec;
    }

    public Path folder() {
        return folder;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** A file of the package (verified when the package was opened). */
    public Path file(String name) {
        if (!spec.files().containsKey(name)) {
            throw new InvalidInputException("bad model package: '" + name + "' is not listed in files", folder.resolve(MODEL_JSON),
                    null);
        }
        return folder.resolve(name);
    }

    /**
     * The package a {@code --model} value names: {@code null} for the default model, an existing
     * folder or zip, or the name of a package installed under {@code ~/.liverlens/models}.
     */
    public static ModelPackage resolve(String model, UserHome home) {
        if (model == null || model.isBlank()) {
            return defaultModel(home);
        }
        Path p = Path.of(model);
        if (Files.exists(p)) {
            return open(p, home);
        }
        Path installed = home.models().resolve(model);
        if (Files.isDirectory(installed)) {
            return open(installed, home);
        }
        throw new InvalidInputException("no model package '" + model + "': not a folder or zip, and not installed", p,
                "give a package folder or zip, or one of 'liverlens models list'");
    }

    /** Opens and verifies a package folder or zip. */
    public static ModelPackage open(Path path, UserHome home) {
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
            return openFolder(unzip(path, home.cache().resolve("model-zips").resolve(sha256(path))));
        }
        if (!Files.isDirectory(path)) {
            throw new InvalidInputException("a model package must be a folder or a .zip", path, "see docs/models.md");
        }
        return openFolder(path);
    }

    /** The default model, unpacked from the class path into the cache (once) and verified. */
    public static ModelPackage defaultModel(UserHome home) {
        String base = DefaultModel.RESOURCE_FOLDER;
        JsonNode json;
        byte[] jsonBytes;
        try (InputStream in = ModelPackage.class.getResourceAsStream(base + MODEL_JSON)) {
            if (in == null) {
                throw new InvalidInputException("the default model is not part of this build", null,
                        "train it with 'liverlens train' or give --model PKG");
            }
            jsonBytes = in.readAllBytes();
            json = new ObjectMapper().readTree(jsonBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ModelSpec spec = ModelSpec.parse(json, Path.of("classpath:" + base + MODEL_JSON));
        // keyed by the weights and by model.json: a build that changes only model.json (post-processing)
        // must not reuse an older unpacked copy
        Path folder = home.cache().resolve("models").resolve(spec.name() + "-" + spec.version() + "-"
                + spec.info().sha256().substring(0, 12) + "-" + sha256Hex(jsonBytes).substring(0, 8));
        if (!Files.isRegularFile(folder.resolve(MODEL_JSON))) {
            try {
                Path tmp = Files.createDirectories(folder.getParent()).resolve("." + folder.getFileName() + ".tmp"
                        + ProcessHandle.current().pid());
                Files.createDirectories(tmp);
                copyResource(base + MODEL_JSON, tmp.resolve(MODEL_JSON));
                for (String name : spec.files().keySet()) {
                    copyResource(base + name, tmp.resolve(name));
                }
                try {
                    Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    deleteTree(tmp); // another process unpacked it first
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unpack the default model into " + folder + ": " + e.getMessage(), e);
            }
        }
        return openFolder(folder);
    }

    private static ModelPackage openFolder(Path folder) {
        Path jsonFile = folder.resolve(MODEL_JSON);
        requirePlainFile(jsonFile, MODEL_JSON, ModelLimits.MAX_MODEL_JSON_BYTES);
        JsonNode json;
        try {
            // a field given twice would otherwise silently take its last value
            json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(jsonFile.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("bad model package: " + MODEL_JSON + " is not valid JSON (" + e.getMessage() + ")",
                    jsonFile, "see docs/models.md");
        }
        ModelSpec spec = ModelSpec.parse(json, jsonFile);
        ModelRuntimes.checkArchitecture(spec, jsonFile);
        // sizes first (cheap), then the memory the network would need and whether the weights can fit it,
        // then the hashes (they read every byte)
        for (String name : spec.files().keySet()) {
            requirePlainFile(folder.resolve(name), name, ModelLimits.MAX_PACKAGE_BYTES);
        }
        Path weights = folder.resolve(spec.network().file());
        int[] patch = spec.inference().patch();
        ModelLimits.checkMemory(ModelLimits.footprint(spec, size(weights)), "model " + spec.name() + " (a batch of "
                + spec.inference().batchSize() + " patches of " + patch[0] + " × " + patch[1] + ", " + spec.input().channels()
                + " channel(s) in, " + spec.network().classes() + " classes out)", jsonFile,
                "lower inference.batchSize (or inference.patch) in model.json");
        String fix = "the package's model.json and weights do not belong together";
        if (spec.network().architecture().equals(UNet2d.ARCHITECTURE)) {
            try {
                UNetWeights.checkSize(weights, spec.input().channels(), spec.network().classes(), spec.network().widths(),
                        fix);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("bad model package: " + e.getMessage(), weights, fix, e);
            }
        }
        for (Map.Entry<String, String> f : spec.files().entrySet()) {
            Path file = folder.resolve(f.getKey());
            String actual = sha256(file);
            if (!actual.equals(f.getValue())) {
                throw new InvalidInputException("bad model package: SHA-256 of " + f.getKey() + " is " + actual
                        + ", model.json says " + f.getValue(), file,
                        "the file is damaged or was replaced; reinstall the package");
            }
        }
        return new ModelPackage(folder, spec);
    }

    /**
     * Refuses a package file that is missing, a folder, a symbolic link (its content could change
     * after verification, or be a file outside the package) or larger than {@code maxBytes}.
     */
    private static void requirePlainFile(Path file, String name, long maxBytes) {
        if (Files.isSymbolicLink(file)) {
            throw new InvalidInputException("bad model package: " + name + " is a symbolic link", file,
                    "a package holds its own files: copy the file into the package folder");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("bad model package: " + name + (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    ? " is not a regular file" : " is missing"), file,
                    name.equals(MODEL_JSON) ? "see docs/models.md" : "reinstall the package; model.json lists it with its SHA-256");
        }
        long size = size(file);
        if (size > maxBytes) {
            throw new InvalidInputException("bad model package: " + name + " has " + String.format(java.util.Locale.ROOT,
                    "%,d", size) + " bytes, allowed at most " + String.format(java.util.Locale.ROOT, "%,d", maxBytes), file,
                    "see docs/models.md, 'What a model package may declare'");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), file, null, e);
        }
    }

    /** Verifies {@code source} and copies it into {@code ~/.liverlens/models/<name>-<version>}; returns the copy. */
    public static ModelPackage install(Path source, UserHome home) {
        ModelPackage p = open(source, home);
        Path target = home.models().resolve(p.spec().name() + "-" + p.spec().version());
        try {
            Files.createDirectories(home.models());
            Path tmp = Files.createTempDirectory(home.models(), ".install");
            Files.copy(p.folder().resolve(MODEL_JSON), tmp.resolve(MODEL_JSON));
            for (String name : p.spec().files().keySet()) {
                Files.copy(p.folder().resolve(name), tmp.resolve(name));
            }
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install into " + target + ": " + e.getMessage(), e);
        }
        return open(target, home);
    }

    /** The installed package folders, by name. */
    public static List<Path> installed(UserHome home) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(home.models())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(home.models(), Files::isDirectory)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), file, null, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path unzip(Path zip, Path target) {
        if (Files.isRegularFile(target.resolve(MODEL_JSON))) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempDirectory(target.getParent(), ".unzip");
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                int entries = 0;
                long total = 0;
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (e.isDirectory()) {
                        continue;
                    }
                    // a package is flat; files inside one top folder are accepted too
                    String name = Path.of(e.getName()).getFileName().toString();
                    if (name.startsWith(".")) {
                        continue;
                    }
                    if (++entries > ModelLimits.MAX_ZIP_ENTRIES) {
                        throw zipRefused(zip, tmp, "it holds more than " + ModelLimits.MAX_ZIP_ENTRIES + " files");
                    }
                    Path file = tmp.resolve(name);
                    if (Files.exists(file)) {
                        throw zipRefused(zip, tmp, "it holds two files named " + ModelJsonFields.shown(name));
                    }
                    // counted while unpacking: a deflate bomb declares small sizes
                    try (BoundedOutput o = new BoundedOutput(Files.newOutputStream(file), ModelLimits.MAX_PACKAGE_BYTES - total)) {
                        total += in.transferTo(o);
                    } catch (BoundedOutput.TooLarge tooLarge) {
                        throw zipRefused(zip, tmp, "it unpacks to more than " + ModelLimits.MAX_PACKAGE_BYTES + " bytes");
                    }
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                deleteTree(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new InvalidInputException("cannot unpack the model zip: " + e.getMessage(), zip, null, e);
        }
    }

    /** An output stream that fails with {@link TooLarge} past a number of bytes. */
    private static final class BoundedOutput extends java.io.FilterOutputStream {
        static final class TooLarge extends IOException {
            TooLarge() {
                super("too large");
            }
        }

        private long left;

        BoundedOutput(java.io.OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            left -= len;
            if (left < 0) {
                throw new TooLarge();
            }
            out.write(b, off, len);
        }
    }

    private static InvalidInputException zipRefused(Path zip, Path tmp, String why) throws IOException {
        deleteTree(tmp);
        return new InvalidInputException("bad model package: the zip is refused: " + why, zip,
                "a package zip holds model.json and the files it lists (docs/models.md)");
    }

    private static void copyResource(String resource, Path target) throws IOException {
        try (InputStream in = ModelPackage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new InvalidInputException("the default model lacks " + resource, null, "rebuild LiverLens");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
