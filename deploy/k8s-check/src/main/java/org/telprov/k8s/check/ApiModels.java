package org.telprov.k8s.check;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.google.gson.annotations.SerializedName;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleSpec;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorSpec;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1CronJob;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.strimzi.api.kafka.model.topic.KafkaTopicSpec;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.telprov.k8s.check.Shape.EnumShape;
import org.telprov.k8s.check.Shape.ListShape;
import org.telprov.k8s.check.Shape.MapShape;
import org.telprov.k8s.check.Shape.ObjectShape;
import org.telprov.k8s.check.Shape.Scalar;

/**
 * The shapes of the kinds a chart may render, read from published API models rather than written by hand:
 * built-in kinds from the Kubernetes project's generated Java models (io.kubernetes:client-java-api, generated
 * from the API server's OpenAPI document: field names, types and required fields), custom resources from their
 * owners' models (Strimzi's KafkaTopic, the Prometheus Operator's ServiceMonitor and PrometheusRule as published by
 * fabric8).
 */
final class ApiModels {

    /** apiVersion + "/" + kind of every built-in kind the check knows. A removed API version is unknown. */
    private static final Map<String, Class<?>> BUILT_IN = Map.ofEntries(
            Map.entry("v1/ConfigMap", V1ConfigMap.class),
            Map.entry("v1/Secret", V1Secret.class),
            Map.entry("v1/Service", V1Service.class),
            Map.entry("v1/ServiceAccount", V1ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", V1PersistentVolumeClaim.class),
            Map.entry("v1/Pod", V1Pod.class),
            Map.entry("apps/v1/Deployment", V1Deployment.class),
            Map.entry("apps/v1/StatefulSet", V1StatefulSet.class),
            Map.entry("apps/v1/DaemonSet", V1DaemonSet.class),
            Map.entry("batch/v1/Job", V1Job.class),
            Map.entry("batch/v1/CronJob", V1CronJob.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", V1Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", V1Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", V1RoleBinding.class));

    /** Custom resources: the model of their spec (metadata is the built-in ObjectMeta). */
    private static final Map<String, Class<?>> CUSTOM_SPECS = Map.of(
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitorSpec.class,
            "monitoring.coreos.com/v1/PrometheusRule", PrometheusRuleSpec.class,
            // Strimzi 1.x serves v1 with the same KafkaTopic spec as v1beta2.
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopicSpec.class,
            "kafka.strimzi.io/v1/KafkaTopic", KafkaTopicSpec.class);

    private final Map<Object, Shape> cache = new HashMap<>();
    private final ObjectMapper jackson = new ObjectMapper();

    /** The shape of a whole resource of this apiVersion and kind, if the check knows the kind. */
    Optional<Shape> resource(String apiVersion, String kind) {
        String key = apiVersion + "/" + kind;
        Class<?> builtIn = BUILT_IN.get(key);
        if (builtIn != null) {
            return Optional.of(gson(builtIn));
        }
        Class<?> spec = CUSTOM_SPECS.get(key);
        if (spec != null) {
            Shape cached = cache.get(key);
            if (cached == null) {
                ObjectShape shape = new ObjectShape(kind);
                cache.put(key, shape);
                shape.properties.put("apiVersion", Scalar.STRING);
                shape.properties.put("kind", Scalar.STRING);
                shape.properties.put("metadata", gson(V1ObjectMeta.class));
                shape.properties.put("spec", jackson(jackson.constructType(spec)));
                shape.required.addAll(List.of("apiVersion", "kind", "metadata", "spec"));
                cached = shape;
            }
            return Optional.of(cached);
        }
        return Optional.empty();
    }

    static Set<String> knownKinds() {
        Set<String> kinds = new LinkedHashSet<>(BUILT_IN.keySet());
        kinds.addAll(CUSTOM_SPECS.keySet());
        return kinds;
    }

    // --- The Kubernetes project's models (Gson): fields carry @SerializedName, classes list their required fields.

    private Shape gson(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return new ListShape(gson(arguments[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return new MapShape(gson(arguments[1]));
            }
            return gson(raw);
        }
        if (type instanceof GenericArrayType array) {
            return new ListShape(gson(array.getGenericComponentType()));
        }
        Class<?> cls = (Class<?>) type;
        Shape scalar = scalar(cls);
        if (scalar != null) {
            return scalar;
        }
        if (cls.isEnum()) {
            Set<String> values = new LinkedHashSet<>();
            for (Field constant : cls.getFields()) {
                if (constant.isEnumConstant()) {
                    SerializedName name = constant.getAnnotation(SerializedName.class);
                    values.add(name != null ? name.value() : constant.getName());
                }
            }
            return new EnumShape(values);
        }
        Shape cached = cache.get(cls);
        if (cached != null) {
            return cached;
        }
        ObjectShape shape = new ObjectShape(cls.getSimpleName());
        cache.put(cls, shape);
        for (Field field : cls.getDeclaredFields()) {
            SerializedName name = field.getAnnotation(SerializedName.class);
            if (name != null && !Modifier.isStatic(field.getModifiers())) {
                shape.properties.put(name.value(), gson(field.getGenericType()));
            }
        }
        shape.required.addAll(requiredFields(cls));
        return shape;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> requiredFields(Class<?> cls) {
        try {
            Field field = cls.getDeclaredField("openapiRequiredFields");
            field.setAccessible(true);
            return (Set<String>) field.get(null);
        } catch (NoSuchFieldException e) {
            return Set.of();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- Custom resources' models (Jackson): the properties Jackson would bind, required as @JsonProperty says.

    private Shape jackson(JavaType type) {
        if (type.isArrayType() && type.getContentType().getRawClass() != byte.class || type.isCollectionLikeType()) {
            return new ListShape(jackson(type.getContentType()));
        }
        if (type.isMapLikeType()) {
            return new MapShape(jackson(type.getContentType()));
        }
        Class<?> cls = type.getRawClass();
        Shape scalar = scalar(cls);
        if (scalar != null) {
            return scalar;
        }
        if (cls == io.fabric8.kubernetes.api.model.IntOrString.class) {
            return Scalar.INT_OR_STRING;
        }
        if (cls == io.fabric8.kubernetes.api.model.Quantity.class) {
            return Scalar.QUANTITY;
        }
        if (cls == JsonNode.class || cls == io.fabric8.kubernetes.api.model.AnyType.class
                || Modifier.isAbstract(cls.getModifiers()) && !cls.isEnum()) {
            return Scalar.ANY;
        }
        if (cls.isEnum()) {
            Set<String> values = new LinkedHashSet<>();
            for (Object constant : cls.getEnumConstants()) {
                values.add(jackson.convertValue(constant, String.class));
            }
            return new EnumShape(values);
        }
        Shape cached = cache.get(type);
        if (cached != null) {
            return cached;
        }
        ObjectShape shape = new ObjectShape(cls.getSimpleName());
        cache.put(type, shape);
        BeanDescription bean = jackson.getDeserializationConfig().introspect(type);
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.hasSetter() || property.hasField() || property.hasConstructorParameter()) {
                shape.properties.put(property.getName(), jackson(property.getPrimaryType()));
                if (property.isRequired()) {
                    shape.required.add(property.getName());
                }
            }
        }
        return shape;
    }

    private static Shape scalar(Class<?> cls) {
        if (cls == String.class || cls == OffsetDateTime.class || cls == java.time.LocalDate.class) {
            return Scalar.STRING;
        }
        if (cls == Integer.class || cls == int.class || cls == Long.class || cls == long.class
                || cls == Short.class || cls == short.class) {
            return Scalar.INTEGER;
        }
        if (cls == Double.class || cls == double.class || cls == Float.class || cls == float.class
                || cls == BigDecimal.class || cls == Number.class) {
            return Scalar.NUMBER;
        }
        if (cls == Boolean.class || cls == boolean.class) {
            return Scalar.BOOLEAN;
        }
        if (cls == IntOrString.class) {
            return Scalar.INT_OR_STRING;
        }
        if (cls == Quantity.class) {
            return Scalar.QUANTITY;
        }
        if (cls == byte[].class) {
            return Scalar.BASE64;
        }
        if (cls == Object.class) {
            return Scalar.ANY;
        }
        return null;
    }
}
