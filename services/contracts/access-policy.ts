import type { AccessPolicy, MethodRule } from '../platform/security/access-policy.ts';

/**
 * Who may call what, where: every RPC of every OneWindow service, per role (docs/security.md). A role left
 * out is refused (PERMISSION_DENIED) before the handler runs; an allowed role reaches only what its
 * scope covers (`resource-scope.ts`), checked by the handler through `context.authorize(...)` with
 * the resource's facts. A server refuses to start when it serves an RPC this table does not name.
 * What each scope covers: `Scope` in resource-scope.ts.
 */

/** Anyone signed in: the public catalog and calendar, which every channel shows. */
const everyone: MethodRule = { applicant: 'any', clerk: 'any', approver: 'any', supervisor: 'any', operator: 'any', system: 'any' };
/** An applicant's own case, or a counter clerk of its jurisdiction acting for them. */
const applicantOrClerk: MethodRule = { applicant: 'own', clerk: 'jurisdiction' };
/** Counter work on a case received or handled in the clerk's jurisdiction. */
const clerk: MethodRule = { clerk: 'jurisdiction' };
/** Reading a case: its applicant, or staff of its jurisdiction (who see the applicant masked). */
const caseReaders: MethodRule = { applicant: 'own', clerk: 'jurisdiction', approver: 'jurisdiction', supervisor: 'jurisdiction', operator: 'jurisdiction' };
/** Platform configuration kept by operators: the installation's, not one region's. */
const operators: MethodRule = { operator: 'any' };
/** Work on a task: approvers of its department whose jurisdiction covers its region. */
const taskApprover: MethodRule = { approver: 'department' };
/** Supervision's views of cases: supervisors and operators of the region; front and back office of their department. */
const departmentOrSupervisor: MethodRule = { supervisor: 'jurisdiction', clerk: 'department', approver: 'department', operator: 'jurisdiction' };
/** The rated or ordered department answers: its approvers and clerks in the region. */
const respondingDepartment: MethodRule = { clerk: 'department', approver: 'department' };
/** A supervisor of the region acts on supervision's own records (orders, bad ratings, appeals). */
const supervisor: MethodRule = { supervisor: 'jurisdiction' };

export const accessPolicy = {
  'onewindow.acceptance.v1.AcceptanceService': {
    ListServiceItems: everyone,
    GetServiceItem: everyone,
    ListBundles: everyone,
    ListRegions: everyone,
    GetRegion: everyone,
    // Names of departments, halls and windows: public, as the regions are.
    ListDirectory: everyone,
    GetWorkingCalendar: everyone,
    ComputeDeadline: everyone,
    SubmitCase: applicantOrClerk,
    SubmitBundle: applicantOrClerk,
    AcceptCase: clerk,
    RequestSupplement: clerk,
    SupplyMaterials: applicantOrClerk,
    RefuseCase: clerk,
    WithdrawCase: applicantOrClerk,
    DeliverResult: { clerk: 'hand-over' },
    GetCase: caseReaders,
    ListCases: caseReaders,
    GetCaseHistory: caseReaders,
    WatchCase: caseReaders,
    GetBundle: caseReaders,
    ListReusableMaterials: { applicant: 'own', clerk: 'window' },
  },
  'onewindow.acceptance.v1.AdministrationService': {
    PublishServiceItem: operators,
    RetireServiceItem: operators,
    ImportCatalog: operators,
    ImportDirectory: operators,
    LoadRegionEdition: operators,
    PublishBundle: operators,
    LoadHolidayNotice: operators,
    SetCalendarOverride: operators,
    SetJurisdictionPolicy: operators,
    RecordBadCredit: operators,
    // Erasing a person's data (PIPL art. 47) is an operator's act on a verified request.
    EraseDataSubject: operators,
  },
  'onewindow.approval.v1.ApprovalService': {
    ListTasks: { approver: 'department', supervisor: 'jurisdiction' },
    ClaimTask: taskApprover,
    ReleaseTask: taskApprover,
    ReassignTask: { approver: 'department', supervisor: 'jurisdiction' },
    DecideTask: taskApprover,
    SuspendClock: taskApprover,
    ResumeClock: taskApprover,
    ExtendDeadline: taskApprover,
    GetProcess: { clerk: 'jurisdiction', approver: 'jurisdiction', supervisor: 'jurisdiction', operator: 'jurisdiction' },
  },
  'onewindow.supervision.v1.SupervisionService': {
    GetCaseClock: { supervisor: 'jurisdiction', clerk: 'jurisdiction', approver: 'jurisdiction', operator: 'jurisdiction' },
    ListAlerts: departmentOrSupervisor,
    IssueOrder: supervisor,
    ReplyOrder: respondingDepartment,
    CloseOrder: supervisor,
    ListOrders: { supervisor: 'jurisdiction', clerk: 'department', approver: 'department' },
    SubmitRating: { applicant: 'own' },
    // The rated department never learns which case a rating is about: not case by case.
    ListCaseRatings: { applicant: 'own', supervisor: 'jurisdiction', operator: 'jurisdiction' },
    ListRatings: departmentOrSupervisor,
    VerifyBadRating: supervisor,
    ReportRectification: respondingDepartment,
    ScoreResponse: { applicant: 'own' },
    AppealRating: respondingDepartment,
    ReviewAppeal: supervisor,
    // Counts only, no case and no person: operators watch the whole installation.
    GetStatistics: { supervisor: 'jurisdiction', operator: 'any' },
    TraceCase: { supervisor: 'jurisdiction', operator: 'jurisdiction' },
    SetSupervisionPolicy: operators,
    GetSupervisionPolicy: { supervisor: 'jurisdiction', clerk: 'jurisdiction', approver: 'jurisdiction', operator: 'any' },
  },
  'onewindow.notification.v1.NotificationService': {
    ListNotifications: { applicant: 'own', clerk: 'jurisdiction', approver: 'jurisdiction', supervisor: 'jurisdiction', operator: 'jurisdiction', system: 'any' },
    GetNotification: { applicant: 'own', clerk: 'jurisdiction', approver: 'jurisdiction', supervisor: 'jurisdiction', operator: 'jurisdiction', system: 'any' },
    // Providers' callbacks only: no person marks a message delivered or undelivered.
    ReportDeliveryReceipt: { system: 'any' },
    SetNotificationPreferences: { applicant: 'own' },
    GetNotificationPreferences: { applicant: 'own' },
  },
} as const satisfies AccessPolicy;
