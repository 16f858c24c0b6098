package org.telprov.provisioning.release;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Release contents are read once, held within their weight, and the ones asked for lately stay. */
class ReleaseContentsTest {

    private final Map<UUID, ProfileContent> table = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final ReleaseContents contents = new ReleaseContents(id -> {
        reads.incrementAndGet();
        return Optional.ofNullable(table.get(id));
    }, 10, new SimpleMeterRegistry());

    @Test
    void aHeldContentIsNotReadAgainAndAnUnknownReleaseIsEmptyAndNotHeld() {
        UUID release = release(2);
        assertThat(contents.content(release)).contains(table.get(release));
        assertThat(contents.content(release)).contains(table.get(release));
        assertThat(reads).hasValue(1);

        UUID unknown = UUID.randomUUID();
        assertThat(contents.content(unknown)).isEmpty();
        assertThat(contents.holds(unknown)).isFalse();
    }

    @Test
    void beyondItsWeightTheContentsNotAskedForAgainGoFirst() {
        UUID kept = release(4);
        UUID idle = release(4);
        contents.content(kept);
        contents.content(idle);
        contents.content(kept);

        UUID third = release(4);
        contents.content(third);

        assertThat(contents.holds(third)).isTrue();
        assertThat(contents.holds(kept)).isTrue();
        assertThat(contents.holds(idle)).isFalse();
    }

    @Test
    void aContentHeavierThanTheBoundIsStillServed() {
        UUID heavy = release(50);
        assertThat(contents.content(heavy)).contains(table.get(heavy));
        assertThat(contents.holds(heavy)).isTrue();
    }

    /** A release whose content weighs {@code weight} (one for itself, one a parameter). */
    private UUID release(int weight) {
        UUID id = UUID.randomUUID();
        List<ProfileContent.Parameter> parameters = new ArrayList<>();
        for (int i = 1; i < weight; i++) {
            parameters.add(new ProfileContent.Parameter("P" + i, "v", false));
        }
        table.put(id, new ProfileContent(Dialect.DEFAULT, parameters, List.of(), null, Map.of(), List.of()));
        return id;
    }
}
