import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.ts';
import { maskAddress, maskIdNumber, maskName, maskPersonalData, maskPersonalDataInText, maskPhone } from './mask-personal-data.ts';

describe('masking personal data', () => {
  it('keeps only what lets a person recognise their own record', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskName('张三丰')).toBe('张**');
  });

  it('masks ID and mobile numbers inside free text but leaves case numbers alone', () => {
    const text = '申请人 11010519491231002X 手机 13800138000 办件 35010220261122000001';
    expect(maskPersonalDataInText(text)).toBe('申请人 1101**********002X 手机 138****8000 办件 35010220261122000001');
  });

  it('masks mobile numbers written with the country code, and first-generation 15-digit ID numbers', () => {
    expect(maskPersonalDataInText('联系电话+8613912345678，或 0086 13912345678')).toBe('联系电话+86139****5678，或 0086 139****5678');
    expect(maskPersonalDataInText('身份证110105491231002')).toBe('身份证1101*******1002');
  });

  it('treats inherited names such as "constructor" as ordinary fields', () => {
    expect(maskPersonalData({ constructor: 'x', toString: '13800138000' })).toEqual({ constructor: 'x', toString: '138****8000' });
  });

  it('masks personal fields by name at any depth', () => {
    const masked = maskPersonalData({
      applicant: { person: { name: '李四', idNumber: '34052419800101001X' }, phone: '13912345678' },
      caseNumber: '35010220261122000001',
    });
    expect(masked).toEqual({
      applicant: { person: { name: '李*', idNumber: '3405**********001X' }, phone: '139****5678' },
      caseNumber: '35010220261122000001',
    });
  });

  it('masks the name of a person or an organisation, in proto JSON and in TypeScript form, and no other name', () => {
    const masked = maskPersonalData({
      itemName: '食品经营许可',
      plan: { stages: [{ name: '审查', steps: [{ name: '现场核查' }] }] },
      result: { name: '食品经营许可证' },
      holder: { organization: { name: '福州某某餐饮有限公司', creditCode: '91350100M000100Y43' } },
      collector: { kind: { $case: 'person', value: { name: '李四', idNumber: '34052419800101001X' } } },
    });
    expect(masked).toEqual({
      itemName: '食品经营许可',
      plan: { stages: [{ name: '审查', steps: [{ name: '现场核查' }] }] },
      result: { name: '食品经营许可证' },
      holder: { organization: { name: '福*********', creditCode: '91350100M000100Y43' } },
      collector: { kind: { $case: 'person', value: { name: '李*', idNumber: '3405**********001X' } } },
    });
  });

  it('never lets a logged ID number, phone or name through, in fields, messages or errors', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info({ request: { applicant: { person: { name: '王五', idNumber: '11010519491231002X' } } } }, 'submit from 13800138000');
    logger.error({ err: new Error('bad 34052419800101001X') }, 'failed');
    await new Promise((resolve) => setImmediate(resolve));
    const output = lines.join('');
    for (const secret of ['11010519491231002X', '13800138000', '王五', '34052419800101001X']) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('1101**********002X');
  });

  it('masks e-mail addresses and push tokens, and leaves staff inbox ids readable', () => {
    expect(maskPersonalDataInText('550 mailbox <zhang.san@example.com> unavailable; inbox department:SCJGJ@350102')).toBe(
      '550 mailbox <z***@example.com> unavailable; inbox department:SCJGJ@350102',
    );
    expect(maskAddress('zhang.san@example.com')).toBe('z***@example.com');
    expect(maskAddress('device-lisi-1')).toBe('devi***');
    expect(maskAddress('department:SCJGJ@350102')).toBe('department:SCJGJ@350102');
    expect(maskAddress('staff:approver-1')).toBe('staff:approver-1');
    expect(maskAddress('13800138000')).toBe('138****8000');
  });
});
