package org.telprov.support.config;

import io.smallrye.config.ConfigMapping;

import java.util.Map;

/**
 * Settings a production deployment must give explicitly, because no default is right outside the local platform
 * (where a database login of postgres/postgres or a Keycloak on 127.0.0.1 would be a hole or a silent misdirection).
 *
 * <p>Each entry, set under {@code %prod} only, is a setting by its name and as an expression ({@code
 * %prod.telprov.production.required."quarkus.datasource.password"=${quarkus.datasource.password}}): the configuration
 * is read into this mapping when the application starts, before any datasource, Flyway or Kafka client, and an entry
 * whose setting is missing stops the start with {@code SRCFG00011: Could not expand value quarkus.datasource.password
 * in property %prod.telprov.production.required."quarkus.datasource.password"} (an empty one: {@code SRCFG00040 …
 * is defined as the empty String}). Libraries and services add their own entries.
 */
@ConfigMapping(prefix = "telprov.production")
public interface ProductionSettings {

    /** What each required setting is set to, by its name. */
    Map<String, String> required();
}
