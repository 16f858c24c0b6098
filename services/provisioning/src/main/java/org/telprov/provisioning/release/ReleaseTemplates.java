package org.telprov.provisioning.release;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.SecretBox;
import org.telprov.provisioning.profile.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The templated parameters of each release, found once per release (a secret parameter is opened to tell) rather than
 * on every device request: which parameters a device's values are composed into, and whether the release refers to
 * settings at all (only then does a device's version follow its settings).
 */
@ApplicationScoped
public class ReleaseTemplates {

    /** Releases whose templates are kept; more are found again when asked for (a release is immutable). */
    private static final int CAPACITY = 4096;

    /**
     * A release's templated parameters, in the release's order.
     *
     * @param names             the parameters' names
     * @param templates         their templates, index for index
     * @param refersToSettings  whether any refers to a {@code setting.}
     */
    public record Templates(List<String> names, List<Template> templates, boolean refersToSettings) {

        public static final Templates NONE = new Templates(List.of(), List.of(), false);

        public boolean isEmpty() {
            return names.isEmpty();
        }
    }

    private final SecretBox secrets;
    private final Map<UUID, Templates> releases = new ConcurrentHashMap<>();

    public ReleaseTemplates(SecretBox secrets) {
        this.secrets = secrets;
    }

    /** The release's templated parameters (its content given, so nothing is read). */
    public Templates of(UUID releaseId, ProfileContent content) {
        Templates known = releases.get(releaseId);
        if (known != null) {
            return known;
        }
        Templates found = find(content);
        if (releases.size() >= CAPACITY) {
            releases.clear();
        }
        releases.put(releaseId, found);
        return found;
    }

    private Templates find(ProfileContent content) {
        List<String> names = new ArrayList<>();
        List<Template> templates = new ArrayList<>();
        boolean settings = false;
        for (ProfileContent.Parameter parameter : content.parameters()) {
            String value = parameter.secret() ? secrets.open(parameter.value()) : parameter.value();
            Template template = Template.lenient(value).orElse(null);
            if (template != null && !names.contains(parameter.name())) {
                names.add(parameter.name());
                templates.add(template);
                settings |= !template.settings().isEmpty();
            }
        }
        return names.isEmpty() ? Templates.NONE : new Templates(List.copyOf(names), List.copyOf(templates), settings);
    }
}
