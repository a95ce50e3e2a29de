// A channel's browser client in a few lines: the typed AcceptanceService client generated from
// the protos (generated/es, protoc-gen-es) over the Connect protocol (@connectrpc/connect-web).
// Served as ES modules with an import map, so it runs without a build step; a channel team's own
// app would bundle the same imports. Types: generated/es/**/*.d.ts. The README quotes the part
// between the readme marks; test/e2e/browser-client.test.ts drives the page in Chromium.
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import { BadRequestSchema } from '/es/google/rpc/error_details_pb.js';
import { AcceptanceService } from '/es/onewindow/acceptance/v1/acceptance_service_pb.js';
import { MaterialSource, TrustLevel } from '/es/onewindow/acceptance/v1/case_pb.js';

const form = document.querySelector('#apply');
const token = () => form.elements.token.value.trim();

/** A list item with its text and data-* attributes. */
function listItem(text, data, value) {
  const item = document.createElement('li');
  item.textContent = text;
  Object.assign(item.dataset, data);
  if (value !== undefined) item.value = value;
  return item;
}

// <readme>
// Every call carries who (the token) and through which channel (online: pc).
const transport = createConnectTransport({
  baseUrl: window.location.origin, // the platform's browser API (OW_WEB_PORT)
  interceptors: [
    (next) => (request) => {
      request.header.set('authorization', `Bearer ${token()}`);
      request.header.set('ow-channel', 'pc');
      return next(request);
    },
  ],
});
const acceptance = createClient(AcceptanceService, transport);

/** Follows the case's history live; after a dropped connection, resumes after the last position seen. */
async function watch(caseNumber) {
  const list = document.querySelector('#history');
  let afterPosition = 0n;
  for (;;) {
    try {
      for await (const { entry } of acceptance.watchCase({ caseNumber, afterPosition })) {
        afterPosition = entry.position;
        list.append(listItem(entry.summary, { eventType: entry.eventType }, Number(entry.position)));
      }
    } catch (error) {
      if (!(error instanceof ConnectError) || ![Code.Unavailable, Code.DeadlineExceeded, Code.Unknown].includes(error.code)) return show(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Bad input gets InvalidArgument with the standard google.rpc.BadRequest detail: every field and its rule. */
function show(error) {
  const violations = error instanceof ConnectError ? error.findDetails(BadRequestSchema).flatMap((detail) => detail.fieldViolations) : [];
  document.querySelector('#error').textContent = error instanceof ConnectError ? `${Code[error.code]}: ${error.rawMessage}` : String(error);
  document.querySelector('#violations').replaceChildren(
    ...violations.map((violation) => listItem(`${violation.field}: ${violation.description}`, { field: violation.field })),
  );
}
// </readme>

let items = [];
async function loadItems() {
  ({ items } = await acceptance.listServiceItems({ keyword: '' }, { timeoutMs: 10_000 }));
  form.elements.itemCode.replaceChildren(...items.map((item) => new Option(`${item.name}（${item.itemCode}）`, item.itemCode)));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  show('');
  try {
    if (items.length === 0) await loadItems();
    const item = items.find((candidate) => candidate.itemCode === form.elements.itemCode.value) ?? items[0];
    const { caseNumber } = await acceptance.submitCase(
      {
        requestId: crypto.randomUUID(), // the same id again on retry: the same case back
        itemCode: item.itemCode,
        applicant: { kind: { case: 'person', value: { name: form.elements.name.value, idNumber: form.elements.idNumber.value } }, phone: form.elements.phone.value },
        // An applicant's own uploads are trust level C until staff check the originals.
        materials: item.materials
          .filter((material) => material.required)
          .map((material) => ({ materialCode: material.code, source: MaterialSource.UPLOAD, reference: `upload-${material.code}`, trustLevel: TrustLevel.C })),
        submittedRegionCode: form.elements.region.value,
      },
      { timeoutMs: 10_000 },
    );
    document.querySelector('#case').textContent = caseNumber;
    void watch(caseNumber);
  } catch (error) {
    show(error);
  }
});

form.elements.token.addEventListener('change', () => loadItems().catch(show));
