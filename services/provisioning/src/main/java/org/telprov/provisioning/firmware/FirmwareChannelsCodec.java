package org.telprov.provisioning.firmware;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.telprov.events.FirmwareArtifactRef;

import java.util.Map;

/** Stores a product's channels (name → artifact) as JSON in {@code firmware_product.channels}. */
final class FirmwareChannelsCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private FirmwareChannelsCodec() {
    }

    static String toJson(Map<String, FirmwareArtifactRef> channels) {
        try {
            return MAPPER.writeValueAsString(channels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("channels always serialise", e);
        }
    }

    static Map<String, FirmwareArtifactRef> fromJson(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored channels are unreadable", e);
        }
    }
}
