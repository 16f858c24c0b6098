package org.telprov.provisioning.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Stores {@link ProfileContent} as JSON; its own mapper, so the API's JSON settings never change what is stored. */
public final class ContentCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ContentCodec() {
    }

    public static String toJson(ProfileContent content) {
        try {
            return MAPPER.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("profile content always serialises", e);
        }
    }

    public static ProfileContent fromJson(String json) {
        try {
            return MAPPER.readValue(json, ProfileContent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored profile content is unreadable", e);
        }
    }
}
