package org.telprov.firmware.artifact;

import java.util.Optional;
import java.util.UUID;

/**
 * Something that still needs an artifact and so forbids deleting it. Channels are one; the provisioning releases that
 * name an artifact (issue 5: a read model of {@code provisioning-releases}) will be another, as one more bean
 * implementing this interface.
 */
public interface ArtifactReferences {

    /**
     * Runs in the deleting transaction.
     *
     * @return a short description of a reference (e.g. {@code channel stable}), or empty when there is none
     */
    Optional<String> referenceTo(UUID artifactId);
}
