package org.telprov.k8s.check;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What the API server accepts at one place of a manifest, derived from a published API model. */
sealed interface Shape {

    /** An object with known fields; any other field is an error, as with `kubectl apply --validate=strict`. */
    final class ObjectShape implements Shape {
        final String typeName;
        /** Filled after the shape is cached, so that recursive types terminate. */
        final Map<String, Shape> properties = new LinkedHashMap<>();
        final Set<String> required = new LinkedHashSet<>();

        ObjectShape(String typeName) {
            this.typeName = typeName;
        }
    }

    record ListShape(Shape element) implements Shape {
    }

    /** An object whose keys are free, such as labels or ConfigMap data. */
    record MapShape(Shape value) implements Shape {
    }

    record EnumShape(Set<String> values) implements Shape {
    }

    enum Scalar implements Shape {
        STRING, INTEGER, NUMBER, BOOLEAN, INT_OR_STRING, QUANTITY, BASE64, ANY
    }
}
