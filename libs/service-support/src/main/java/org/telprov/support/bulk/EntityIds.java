package org.telprov.support.bulk;

import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;

/**
 * Ids for rows a bulk statement inserts, taken from the entity's own Hibernate generator. A {@code nextval} in the
 * statement would lie above the block of ids Hibernate still holds in memory, so a row persisted as an entity after the
 * bulk insert would get a lower id than the bulk rows: the audit would list it below them and the outbox relay would
 * send it before them.
 */
public final class EntityIds {

    private EntityIds() {
    }

    public static long[] next(EntityManager entityManager, Class<?> entity, int count) {
        SessionImplementor session = entityManager.unwrap(SessionImplementor.class);
        BeforeExecutionGenerator generator = (BeforeExecutionGenerator) session.getFactory().getMappingMetamodel()
                .getEntityDescriptor(entity).getGenerator();
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = (Long) generator.generate(session, null, null, EventType.INSERT);
        }
        return ids;
    }
}
