package org.telprov.inventory.tenant;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.ZoneId;

/**
 * An IANA time zone name as {@link ZoneId} knows it ({@code Europe/Berlin}, {@code UTC}); {@code null} passes. Fixed
 * offsets ({@code +01:00}, {@code UTC+1}) are refused: a maintenance window must follow the tenant's daylight saving
 * time, which only a region's rules know.
 */
@Constraint(validatedBy = TimeZoneName.Validator.class)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TimeZoneName {

    String RULE = "an IANA time zone such as Europe/Berlin or UTC";

    String message() default RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the name against the zones of the JDK's time-zone database. */
    class Validator implements ConstraintValidator<TimeZoneName, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || ZoneId.getAvailableZoneIds().contains(value);
        }
    }
}
