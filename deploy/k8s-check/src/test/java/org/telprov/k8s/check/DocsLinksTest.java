package org.telprov.k8s.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs link only to what exists: every relative link of README.md, docs/**&#47;*.md and deploy/k8s/README.md names a
 * file or folder of the repository, and a link to a heading of a Markdown file names one it has.
 */
class DocsLinksTest {

    @Test
    void everyRelativeLinkOfTheDocsNamesAFileOfTheRepository() {
        List<Path> docs = docs(Charts.REPO);
        assertThat(docs).contains(Charts.REPO.resolve("README.md"), Charts.REPO.resolve("docs/architecture.md"),
                Charts.REPO.resolve("deploy/k8s/README.md"));
        assertThat(brokenLinks(Charts.REPO, docs)).isEmpty();
    }

    @Test
    void aLinkToAMissingFileAHeadingItLacksOrOutsideTheRepositoryIsReported(@TempDir Path repo) throws IOException {
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs/a.md"), "# A\n\n## Some heading\n");
        Files.writeString(repo.resolve("README.md"), """
                # Readme

                [fine](docs/a.md), [fine too](docs/a.md#some-heading), [here](#readme), [web](https://example.com/x.md)
                [gone](docs/b.md) and [no such heading](docs/a.md#other) and [outside](../shared/seeds/)

                ```
                [in code](not/checked.md)
                ```
                [ref]: docs/c.md
                """);
        assertThat(brokenLinks(repo, docs(repo))).containsExactlyInAnyOrder(
                "README.md: docs/b.md (no such file)",
                "README.md: docs/a.md#other (no such heading)",
                "README.md: ../shared/seeds/ (outside the repository)",
                "README.md: docs/c.md (no such file)");
    }

    /** README.md, docs/**&#47;*.md and deploy/k8s/README.md, those that exist. */
    private static List<Path> docs(Path repo) {
        List<Path> docs = new ArrayList<>();
        for (String file : List.of("README.md", "deploy/k8s/README.md")) {
            if (Files.exists(repo.resolve(file))) {
                docs.add(repo.resolve(file));
            }
        }
        if (Files.isDirectory(repo.resolve("docs"))) {
            try (Stream<Path> files = Files.walk(repo.resolve("docs"))) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return docs;
    }

    /** "file: link (why)" of every relative link that leads nowhere. */
    static List<String> brokenLinks(Path repo, List<Path> docs) {
        List<String> broken = new ArrayList<>();
        for (Path doc : docs) {
            String name = repo.relativize(doc).toString();
            for (String link : Markdown.links(read(doc))) {
                if (link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue;
                }
                int hash = link.indexOf('#');
                String path = URLDecoder.decode(hash < 0 ? link : link.substring(0, hash), StandardCharsets.UTF_8)
                        .replaceFirst("\\?.*", "");
                String anchor = hash < 0 ? null : link.substring(hash + 1);
                Path target = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
                if (!target.startsWith(repo)) {
                    broken.add(name + ": " + link + " (outside the repository)");
                } else if (!Files.exists(target)) {
                    broken.add(name + ": " + link + " (no such file)");
                } else if (anchor != null && target.toString().endsWith(".md")
                        && !Markdown.anchors(read(target)).contains(anchor)) {
                    broken.add(name + ": " + link + " (no such heading)");
                }
            }
        }
        return broken;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
