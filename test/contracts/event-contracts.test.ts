import { describe, expect, it } from 'vitest';
import { allTopics } from '../../services/contracts/topics.ts';
import { FileDescriptorSet } from './descriptor-set.ts';

/**
 * Properties of the integration-event contracts (proto/onewindow/<service>/v1/events.proto) that
 * the code relies on, checked on the compiled descriptors.
 */
describe('integration event contracts', () => {
  const wrappers = FileDescriptorSet.wrappers(allTopics.map((topic) => topic.messageType));

  it('wrap every event in metadata (field 1) and one payload oneof', () => {
    for (const wrapper of wrappers) {
      expect(wrapper.fields.find((f) => f.number === 1)?.typeName, wrapper.name).toBe('.onewindow.common.v1.EventMetadata');
      expect(wrapper.oneofs, wrapper.name).toEqual(['payload']);
      expect(wrapper.fields.filter((f) => f.oneof === 'payload').length, wrapper.name).toBeGreaterThan(0);
    }
  });

  it('name each event type once across the four services, so a payload case identifies its event', () => {
    const names = wrappers.flatMap((wrapper) => wrapper.fields.filter((f) => f.oneof === 'payload').map((f) => f.jsonName));
    expect(names.length).toBe(new Set(names).size);
  });
});
