package org.telprov.support.config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Uses {@link ProductionSettings}, which Quarkus registers (and so checks when the configuration is read, before
 * anything starts) only when some bean does; says at start which required settings were given.
 */
@ApplicationScoped
class RequiredSettingsLog {

    void started(@Observes StartupEvent event, ProductionSettings settings) {
        if (!settings.required().isEmpty()) {
            Log.infof("required production settings given: %s", String.join(", ", settings.required().keySet()));
        }
    }
}
