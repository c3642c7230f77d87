import { Admin, AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';

const aclOn = (topic: string, operation: AclOperationTypes, permissionType: AclPermissionTypes) => ({
  resourceType: AclResourceTypes.TOPIC,
  resourceName: topic,
  resourcePatternType: ResourcePatternTypes.LITERAL,
  principal: 'User:*',
  host: '*',
  operation,
  permissionType,
});

/**
 * Makes `topic` refuse every write (TOPIC_AUTHORIZATION_FAILED) while it can still be read, as a
 * broker operator's DENY ACL does; the test broker enforces ACLs but opens resources without any
 * (scripts/infra/kafka-broker.sh). `allow` removes both ACLs again.
 */
export async function denyTopicWrites(admin: Admin, topic: string): Promise<void> {
  await admin.createAcls({
    acl: [
      aclOn(topic, AclOperationTypes.ALL, AclPermissionTypes.ALLOW),
      aclOn(topic, AclOperationTypes.WRITE, AclPermissionTypes.DENY),
    ],
  });
}

export async function allowTopicWrites(admin: Admin, topic: string): Promise<void> {
  await admin.deleteAcls({ filters: [aclOn(topic, AclOperationTypes.ANY, AclPermissionTypes.ANY)] });
}
