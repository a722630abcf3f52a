package org.liverlens.core.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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
        try (InputStream in = ModelPackage.class.getResourceAsStream(base + MODEL_JSON)) {
            if (in == null) {
                throw new InvalidInputException("the default model is not part of this build", null,
                        "train it with 'liverlens train' or give --model PKG");
            }
            json = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ModelSpec spec = ModelSpec.parse(json, Path.of("classpath:" + base + MODEL_JSON));
        Path folder = home.cache().resolve("models").resolve(spec.name() + "-" + spec.version() + "-"
                + spec.info().sha256().substring(0, 12));
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
        if (!Files.isRegularFile(jsonFile)) {
            throw new InvalidInputException("bad model package: " + MODEL_JSON + " is missing", folder, "see docs/models.md");
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(jsonFile.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("bad model package: " + MODEL_JSON + " is not valid JSON (" + e.getMessage() + ")",
                    jsonFile, "see docs/models.md");
        }
        ModelSpec spec = ModelSpec.parse(json, jsonFile);
        for (Map.Entry<String, String> f : spec.files().entrySet()) {
            Path file = folder.resolve(f.getKey());
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("bad model package: " + f.getKey() + " is missing", file,
                        "reinstall the package; model.json lists it with its SHA-256");
            }
            String actual = sha256(file);
            if (!actual.equals(f.getValue())) {
                throw new InvalidInputException("bad model package: SHA-256 of " + f.getKey() + " is " + actual
                        + ", model.json says " + f.getValue(), file,
                        "the file is damaged or was replaced; reinstall the package");
            }
        }
        ModelRuntimes.checkArchitecture(spec, jsonFile);
        return new ModelPackage(folder, spec);
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
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (e.isDirectory()) {
                        continue;
                    }
                    // a package is flat; files inside one top folder are accepted too
                    String name = Path.of(e.getName()).getFileName().toString();
                    if (name.startsWith(".")) {
                        continue;
                    }
                    Files.copy(in, tmp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
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
