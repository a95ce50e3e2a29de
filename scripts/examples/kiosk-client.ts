/**
 * How a channel frontend (here: a village kiosk) uses the generated TypeScript client. The README
 * quotes the part between the readme markers verbatim; test/e2e/readme-example.test.ts runs it.
 */
import { Metadata, type ServiceError, credentials } from '@grpc/grpc-js';
import {
  AcceptanceServiceClient,
  type GetCaseHistoryResponse,
  SubmitCaseRequest,
  type SubmitCaseResponse,
} from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { BadRequest } from '../../generated/google/rpc/error_details.ts';
import { Status } from '../../generated/google/rpc/status.ts';

export async function kioskExample(address: string, token: string) {
  // <readme>
  const client = new AcceptanceServiceClient(address, credentials.createInsecure());
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`); // the caller: here an applicant at the kiosk
  metadata.set('ow-channel', 'kiosk'); // counter | pc | mobile | kiosk | hotline | mail
  const options = () => ({ deadline: Date.now() + 5_000 });

  const submitted = await new Promise<SubmitCaseResponse>((resolve, reject) =>
    client.submitCase(
      SubmitCaseRequest.fromPartial({
        requestId: crypto.randomUUID(), // send the same id again on retry: you get the same case back
        itemCode: '11350102003061XR-000120102000', // 个体工商户设立登记, from ListServiceItems
        applicant: { kind: { $case: 'person', value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' },
        materials: [{ materialCode: 'registration-form', source: 'MATERIAL_SOURCE_UPLOAD', reference: 'kiosk-scan-0001', trustLevel: 'TRUST_LEVEL_C' }],
        submittedRegionCode: '350102001',
      }),
      metadata,
      options(),
      (error, response) => (error ? reject(error) : resolve(response)),
    ),
  );

  // Any channel can read the case now; passing the token makes the read wait for this write.
  const history = await new Promise<GetCaseHistoryResponse>((resolve, reject) =>
    client.getCaseHistory(
      { caseNumber: submitted.caseNumber, consistencyToken: submitted.consistencyToken },
      metadata,
      options(),
      (error, response) => (error ? reject(error) : resolve(response)),
    ),
  );

  // Bad input gets INVALID_ARGUMENT; the standard google.rpc.BadRequest detail names every field.
  const rejected = await new Promise<ServiceError>((resolve) =>
    client.submitCase(SubmitCaseRequest.fromPartial({ requestId: 'r-2', itemCode: 'x', submittedRegionCode: '35' }), metadata, options(), (error) =>
      resolve(error!),
    ),
  );
  const [details] = rejected.metadata.get('grpc-status-details-bin');
  const violations = Status.decode(details as Buffer)
    .details.filter((detail) => detail.typeUrl === 'type.googleapis.com/google.rpc.BadRequest')
    .flatMap((detail) => BadRequest.decode(detail.value).fieldViolations);
  // violations: [{ field: 'applicant', description: 'is required' }, { field: 'submitted_region_code', ... }]
  // </readme>
  client.close();
  return { submitted, history, rejected, violations };
}
