import type { EmulatorClock } from '../clock.cjs';
import { integerOption, jsonAnswer, readJsonBody, type Caller, type HttpAnswer, type HttpExchange } from '../http.cjs';
import { compileFilter, ODataQueryError, type QuerySchema } from '../odata/index.cjs';
import type { ApiSurface, RateFamily, Route } from '../routes.cjs';
import { ApiRefusal } from '../store.cjs';
import { isFinal, MachineActionStore, type ActionTimings, type MachineActionType, type OutcomeOverride } from './actions.cjs';
import { answerRefusals, endpointError, rejectedToken, requiredText, throttledAnswer } from './answers.cjs';
import { batchLimit, IndicatorStore } from './indicators.cjs';
import { machineEntity, seedMachines, type StoredMachine } from './machines.cjs';

export { machineIdOf } from './machines.cjs';
export type { ActionTimings, OutcomeOverride } from './actions.cjs';

/**
 * The Microsoft Defender for Endpoint API (`/api/machines`, `/api/machineactions`, `/api/indicators`) as
 * defender-endpoint-api.md describes it. It shares the `/api` base path with the legacy Defender XDR API, as
 * api.security.microsoft.com does, and accepts only tokens for WindowsDefenderATP.
 */

export interface EndpointDependencies {
	clock: EmulatorClock;
	seed: number;
	/** Device names the hunting tables use; they become the first machines. */
	huntingDevices: readonly string[];
	origin: () => string;
}

/** What a duplicate action gets: the documented 400 "Action is already in progress", or the pending action. */
export type DuplicateAnswer = 'error' | 'existing';

const pageLimit = 10_000;

/** Sections 2.1-2.12 and 3: application and delegated permissions, any one of which suffices. */
const machineRead = { application: ['Machine.Read.All', 'Machine.ReadWrite.All'], delegated: ['Machine.Read', 'Machine.ReadWrite'] };
const machineWrite = { application: ['Machine.ReadWrite.All'], delegated: ['Machine.ReadWrite'] };
const indicatorWrite = { application: ['Ti.ReadWrite.All', 'Ti.ReadWrite'], delegated: ['Ti.ReadWrite'] };
const actionPermissions = {
	isolate: ['Machine.Isolate'],
	scan: ['Machine.Scan'],
	restrict: ['Machine.RestrictExecution'],
	collect: ['Machine.CollectForensics'],
	quarantine: ['Machine.StopAndQuarantine'],
};
const anyActionPermission = ['Machine.CollectForensics', 'Machine.Isolate', 'Machine.RestrictExecution', 'Machine.Scan', 'Machine.Offboard', 'Machine.StopAndQuarantine', 'Machine.LiveResponse'];
const both = (names: string[]) => ({ application: names, delegated: names });

const machineSchema: QuerySchema = {
	dialect: 'graph',
	entityTypeName: 'Machine',
	fields: Object.fromEntries(
		[
			...['computerDnsName', 'id', 'version', 'deviceValue', 'aadDeviceId', 'exposureLevel', 'onboardingStatus', 'lastIpAddress', 'healthStatus', 'osPlatform', 'riskScore'].map((name) => [name, { type: 'string' as const }]),
			['machineTags', { type: 'stringCollection' as const }],
			['lastSeen', { type: 'dateTime' as const }],
			['rbacGroupId', { type: 'number' as const }],
		],
	),
	sortable: [],
};

const machineActionSchema: QuerySchema = {
	dialect: 'graph',
	entityTypeName: 'MachineAction',
	fields: {
		id: { type: 'string' },
		status: { type: 'string' },
		machineId: { type: 'string' },
		type: { type: 'string' },
		requestor: { type: 'string' },
		creationDateTimeUtc: { type: 'dateTime' },
	},
	sortable: [],
};

const indicatorSchema: QuerySchema = {
	dialect: 'graph',
	entityTypeName: 'Indicator',
	fields: {
		application: { type: 'string' },
		createdByDisplayName: { type: 'string' },
		expirationTime: { type: 'dateTime' },
		generateAlert: { type: 'boolean' },
		title: { type: 'string' },
		rbacGroupNames: { type: 'stringCollection' },
		indicatorValue: { type: 'string' },
		indicatorType: { type: 'string' },
		creationTimeDateTimeUtc: { type: 'dateTime' },
		createdBy: { type: 'string' },
		action: { type: 'string' },
		severity: { type: 'string' },
	},
	sortable: [],
};

/** `$filter`, `$top` (at most 10,000) and `$skip` over a list of entities; other options are refused. */
function page(exchange: HttpExchange, entities: Array<Record<string, unknown>>, schema: QuerySchema): Array<Record<string, unknown>> {
	for (const name of exchange.url.searchParams.keys()) {
		if (name.startsWith('$') && !['$filter', '$top', '$skip'].includes(name)) throw new ApiRefusal(400, 'ODataError', `The query parameter '${name}' is not supported.`);
	}
	const top = integerOption(exchange, '$top') ?? pageLimit;
	if (top > pageLimit) throw new ApiRefusal(400, 'ODataError', `The limit of '${pageLimit}' for Top query has been exceeded. The value from the incoming request is '${top}'.`);
	const skip = integerOption(exchange, '$skip') ?? 0;
	const filterText = exchange.url.searchParams.get('$filter');
	let matches = entities;
	try {
		if (filterText) matches = entities.filter(compileFilter(filterText, schema));
	} catch (error) {
		if (error instanceof ODataQueryError) throw new ApiRefusal(400, 'ODataError', error.message);
		throw error;
	}
	return matches.slice(skip, skip + top);
}

const windowsOnly = (machine: StoredMachine, what: string) => {
	if (!machine.osPlatform.startsWith('Windows')) throw new ApiRefusal(400, 'OsPlatformNotSupported', `${what} is not supported on ${machine.osPlatform}.`);
};

interface ActionDefinition {
	/** The path segment after /machines/{id}/, as Microsoft documents it (routes ignore case). */
	segment: string;
	type: MachineActionType;
	permissions: string[];
	/** Reads the action's own body fields: its scope, and the file for stop and quarantine. */
	read(body: Record<string, unknown>, machine: StoredMachine): { scope: string | null; sha1?: string };
}

const actionDefinitions: ActionDefinition[] = [
	{
		segment: 'isolate',
		type: 'Isolate',
		permissions: actionPermissions.isolate,
		read: (body, machine) => {
			// The default when IsolationType is left out is UNCONFIRMED; the emulator isolates fully, as the portal does.
			const isolationType = body.IsolationType ?? 'Full';
			if (!['Full', 'Selective', 'UnManagedDevice'].includes(isolationType as string)) throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect');
			if (isolationType === 'Selective') windowsOnly(machine, 'Selective isolation');
			return { scope: isolationType as string };
		},
	},
	{ segment: 'unisolate', type: 'Unisolate', permissions: actionPermissions.isolate, read: () => ({ scope: null }) },
	{
		segment: 'runAntiVirusScan',
		type: 'RunAntiVirusScan',
		permissions: actionPermissions.scan,
		read: (body) => {
			const scanType = requiredText(body, 'ScanType');
			if (!['Quick', 'Full'].includes(scanType)) throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect');
			return { scope: scanType };
		},
	},
	{
		segment: 'restrictCodeExecution',
		type: 'RestrictCodeExecution',
		permissions: actionPermissions.restrict,
		read: (_body, machine) => {
			windowsOnly(machine, 'Restricting app execution');
			return { scope: null };
		},
	},
	{ segment: 'unrestrictCodeExecution', type: 'UnrestrictCodeExecution', permissions: actionPermissions.restrict, read: () => ({ scope: null }) },
	{ segment: 'collectInvestigationPackage', type: 'CollectInvestigationPackage', permissions: actionPermissions.collect, read: () => ({ scope: null }) },
	{
		segment: 'StopAndQuarantineFile',
		type: 'StopAndQuarantineFile',
		permissions: [...actionPermissions.quarantine, 'Machine.ReadWrite.All'],
		read: (body, machine) => {
			const sha1 = requiredText(body, 'Sha1');
			if (!/^[0-9a-f]{40}$/i.test(sha1)) throw new ApiRefusal(400, 'InvalidHashValue', `Invalid hash value '${sha1}'.`);
			windowsOnly(machine, 'Stop and quarantine file');
			return { scope: null, sha1: sha1.toLowerCase() };
		},
	},
];

export function createEndpointService(dependencies: EndpointDependencies) {
	const { clock } = dependencies;
	const now = () => clock.now();
	let machines = seedMachines({ seed: dependencies.seed, now: now(), huntingDevices: dependencies.huntingDevices });
	const actions = new MachineActionStore(now);
	const indicators = new IndicatorStore(now);
	let duplicateAnswer: DuplicateAnswer = 'error';
	/**
	 * Test switches. `echoRequests`: Defender's free text (a failed action's troubleshootInfo, an import's
	 * failureReason) repeats the request, Authorization header included, as a careless server might.
	 * `importOrder`: the import's results come back in another order than sent (Microsoft documents none).
	 */
	let echoRequests = false;
	let importOrder: 'sent' | 'reversed' = 'sent';
	const echoOf = (exchange: HttpExchange, text: string) => (echoRequests ? ` (request: Authorization: ${String(exchange.headers.authorization)}; ${text})` : '');
	const context = (set: string) => `${dependencies.origin()}/api/$metadata#${set}`;

	function machineOr404(idOrName: string): StoredMachine {
		const wanted = idOrName.toLowerCase();
		const machine = machines.find((candidate) => candidate.id === wanted || candidate.computerDnsName.toLowerCase() === wanted);
		if (!machine) throw new ApiRefusal(404, 'ResourceNotFound', `Machine ${idOrName} was not found`);
		return machine;
	}

	function actionOr404(id: string) {
		const action = actions.find(id);
		if (!action) throw new ApiRefusal(404, 'ResourceNotFound', `Machine action ${id} was not found`);
		return action;
	}

	const actionEntity = (action: Parameters<MachineActionStore['entity']>[0]) => ({ '@odata.context': context('MachineActions/$entity'), ...actions.entity(action) });
	const machineList = (list: StoredMachine[]) => jsonAnswer(200, { '@odata.context': context('Machines'), value: list.map(machineEntity) });

	function route(method: string, pattern: RegExp, permissions: Route['permissions'], family: RateFamily, writes: boolean, handle: (exchange: HttpExchange, parameters: string[], caller: Caller) => HttpAnswer): Route {
		// The lists document $filter, $top and $skip (docs/endpoint-api-contract.md); writes take no query option.
		const queryOptions = method === 'GET' ? ['$filter', '$top', '$skip'] : [];
		return { method, pattern, permissions, family, writes, queryOptions, handle: (exchange, parameters, caller) => answerRefusals(() => handle(exchange, parameters, caller)) };
	}

	const machineActionRoutes = actionDefinitions.map((definition) =>
		route('POST', new RegExp(`^/machines/([^/]+)/${definition.segment}$`, 'i'), both(definition.permissions), 'endpointAction', true, (exchange, [id], caller) => {
			const machine = machineOr404(id);
			const body = readJsonBody(exchange);
			const comment = requiredText(body, 'Comment');
			const details = definition.read(body, machine);
			const pending = actions.active(machine.id, definition.type, details.sha1);
			if (pending) {
				if (duplicateAnswer === 'existing') return jsonAnswer(201, actionEntity(pending));
				// Microsoft documents the message; the code is what third-party clients observe (UNCONFIRMED).
				throw new ApiRefusal(400, 'ActiveRequestAlreadyExists', 'Action is already in progress');
			}
			const action = actions.create({ type: definition.type, machine, requestor: caller.displayName.replace(/^API-App:/, ''), comment, echo: echoOf(exchange, exchange.body), ...details });
			return jsonAnswer(201, actionEntity(action));
		}),
	);

	const routes: Route[] = [
		route('GET', /^\/machines$/i, machineRead, 'endpointRead', false, (exchange) => {
			if (machines.length === 0) throw new ApiRefusal(404, 'ResourceNotFound', 'No machines were found.');
			return jsonAnswer(200, { '@odata.context': context('Machines'), value: page(exchange, machines.map(machineEntity), machineSchema) });
		}),
		route('GET', /^\/machines\/findbyip\(ip='([^']*)',timestamp=([^)]*)\)$/i, machineRead, 'endpointRead', false, (_exchange, [ip, timestamp]) => {
			const instant = Date.parse(timestamp);
			const thirtyDays = 30 * 24 * 3600_000;
			if (!/^\d{4}-\d{2}-\d{2}T/.test(timestamp) || Number.isNaN(instant)) throw new ApiRefusal(400, 'InvalidInput', `Invalid timestamp '${timestamp}'.`);
			if (instant < now().getTime() - thirtyDays || instant > now().getTime()) throw new ApiRefusal(400, 'InvalidInput', 'The timestamp must be within the last 30 days.');
			return machineList(machines.filter((machine) => machine.lastIpAddress === ip));
		}),
		route('GET', /^\/machines\/findbytag$/i, machineRead, 'endpointRead', false, (exchange) => {
			const tag = exchange.url.searchParams.get('tag');
			if (!tag) throw new ApiRefusal(400, 'MissingRequiredParameter', "Missing required parameter 'tag'.");
			const startsWith = exchange.url.searchParams.get('useStartsWithFilter') === 'true';
			return machineList(machines.filter((machine) => machine.machineTags.some((candidate) => (startsWith ? candidate.startsWith(tag) : candidate === tag))));
		}),
		route('GET', /^\/machines\/([^/()]+)$/i, machineRead, 'endpointRead', false, (_exchange, [id]) =>
			jsonAnswer(200, { '@odata.context': context('Machines/$entity'), ...machineEntity(machineOr404(id)) }),
		),
		route('POST', /^\/machines\/([^/]+)\/tags$/i, machineWrite, 'endpointAction', true, (exchange, [id]) => {
			const machine = machineOr404(id);
			const body = readJsonBody(exchange);
			const value = requiredText(body, 'Value');
			const action = requiredText(body, 'Action');
			if (action === 'Add') {
				if (!machine.machineTags.includes(value)) machine.machineTags.push(value);
			} else if (action === 'Remove') {
				machine.machineTags = machine.machineTags.filter((tag) => tag !== value);
			} else {
				throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect');
			}
			return jsonAnswer(200, { '@odata.context': context('Machines/$entity'), ...machineEntity(machine) });
		}),
		...machineActionRoutes,
		route('GET', /^\/machineactions$/i, machineRead, 'endpointRead', false, (exchange) => {
			const newestFirst = actions.all().reverse().map((action) => actions.entity(action));
			return jsonAnswer(200, { '@odata.context': context('MachineActions'), value: page(exchange, newestFirst, machineActionSchema) });
		}),
		route('GET', /^\/machineactions\/([^/]+)$/i, machineRead, 'endpointRead', false, (_exchange, [id]) => jsonAnswer(200, actionEntity(actionOr404(id)))),
		route('POST', /^\/machineactions\/([^/]+)\/cancel$/i, both(anyActionPermission), 'endpointAction', true, (exchange, [id], caller) => {
			const action = actionOr404(id);
			const body = exchange.body.trim() ? readJsonBody(exchange) : {};
			// What Defender answers for an action already final is UNCONFIRMED; the emulator refuses it.
			if (isFinal(actions.statusOf(action))) throw new ApiRefusal(400, 'BadRequest', `Machine action ${action.id} is already ${actions.statusOf(action)} and cannot be cancelled.`);
			actions.cancel(action, caller.displayName.replace(/^API-App:/, ''), typeof body.Comment === 'string' ? body.Comment : '');
			return jsonAnswer(200, actionEntity(action));
		}),
		route('GET', /^\/machineactions\/([^/]+)\/getPackageUri$/i, { application: ['Machine.Read.All', 'Machine.ReadWrite.All'], delegated: ['Machine.CollectForensics'] }, 'endpointPackage', false, (_exchange, [id]) => {
			const link = actions.packageLink(actionOr404(id));
			if (!link) throw new ApiRefusal(404, 'ResourceNotFound', `The investigation package of machine action ${id} is not ready.`);
			// Microsoft's documented example wraps the link in quotes inside the JSON string (section 2.6).
			return jsonAnswer(200, { '@odata.context': context('Edm.String'), value: JSON.stringify(link) });
		}),
		route('GET', /^\/indicators$/i, indicatorWrite, 'endpointRead', false, (exchange, _parameters, caller) =>
			jsonAnswer(200, { '@odata.context': context('Indicators'), value: page(exchange, indicators.visibleTo(caller).map((indicator) => indicators.entity(indicator)), indicatorSchema) }),
		),
		route('POST', /^\/indicators$/i, indicatorWrite, 'endpointIndicator', true, (exchange, _parameters, caller) =>
			jsonAnswer(200, { '@odata.context': context('Indicators/$entity'), ...indicators.entity(indicators.upsert(readJsonBody(exchange), caller)) }),
		),
		route('POST', /^\/indicators\/import$/i, indicatorWrite, 'endpointImport', true, (exchange, _parameters, caller) => {
			const entries = readBatch(readJsonBody(exchange), 'Indicators');
			const results = entries.map((entry) => {
				const value = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).indicatorValue : undefined;
				try {
					if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect');
					const indicator = indicators.upsert(entry as Record<string, unknown>, caller);
					return { id: indicator.id, indicator: indicator.indicatorValue, isFailed: false, failureReason: null };
				} catch (error) {
					if (!(error instanceof ApiRefusal)) throw error;
					return { id: null, indicator: typeof value === 'string' ? value : null, isFailed: true, failureReason: error.message + echoOf(exchange, JSON.stringify(entry)) };
				}
			});
			if (importOrder === 'reversed') results.reverse();
			return jsonAnswer(200, { '@odata.context': context('Collection(microsoft.windowsDefenderATP.api.ImportIndicatorResult)'), value: results });
		}),
		route('POST', /^\/indicators\/BatchDelete$/i, indicatorWrite, 'endpointBatchDelete', true, (exchange, _parameters, caller) => {
			const ids = readBatch(readJsonBody(exchange), 'IndicatorIds');
			if (ids.some((id) => typeof id !== 'string' || !/^\d+$/.test(id))) throw new ApiRefusal(400, 'InvalidInput', 'Every indicator ID must be a number written as a string.');
			const visible = new Set(indicators.visibleTo(caller).map((indicator) => indicator.id));
			const missing = (ids as string[]).filter((id) => !indicators.find(id));
			if (missing.length > 0) throw new ApiRefusal(404, 'ResourceNotFound', `Indicators ${missing.join(', ')} were not found.`);
			if ((ids as string[]).some((id) => !visible.has(id))) throw new ApiRefusal(403, 'Forbidden', 'The requestor is not exposed to every indicator in the list.');
			for (const id of ids as string[]) indicators.delete(id);
			return { status: 204, headers: {}, body: '' };
		}),
		route('DELETE', /^\/indicators\/([^/]+)$/i, indicatorWrite, 'endpointIndicator', true, (_exchange, [id], caller) => {
			const indicator = indicators.find(id);
			if (!indicator || !indicators.visibleTo(caller).includes(indicator)) throw new ApiRefusal(404, 'ResourceNotFound', `Indicator ${id} was not found`);
			indicators.delete(id);
			return { status: 204, headers: {}, body: '' };
		}),
	];

	const surface: ApiSurface = {
		basePath: '/api',
		audiences: [
			'https://api.securitycenter.microsoft.com',
			'https://securitycenter.onmicrosoft.com/windowsatpservice',
			'https://api-gcc.securitycenter.microsoft.us',
			'https://api-gov.securitycenter.microsoft.us',
			'https://securitycenter.onmicrosoft.us/windowsatpservice',
			'fc780465-2017-40d4-a0c5-307022471b92',
		],
		routes,
		serves: (path) => /^\/(machines|machineactions|indicators)([/(]|$)/i.test(path),
		rejectToken: rejectedToken,
		throttled: throttledAnswer,
		missingPermission: (matched, caller) => {
			const accepted = caller.kind === 'application' ? matched.permissions.application : matched.permissions.delegated;
			return endpointError(403, 'Forbidden', `The application does not have any of the required ${caller.kind} permissions (${accepted.join(', ')}) to access the resource.`);
		},
		missingRole: () => endpointError(403, 'Forbidden', "The user's role does not allow this action (it needs 'Active remediation actions' or 'Manage security settings')."),
		unknownPath: () => endpointError(404, 'NotFound', 'Resource not found.'),
		refuse: endpointError,
		undocumentedOption: (name) => endpointError(400, 'ODataError', `Invalid OData URI query: the query option ${name} is not supported.`),
	};

	const admin = {
		machines: () => machines.map(machineEntity),
		machineActions: () => actions.all().map((action) => actions.entity(action)),
		indicators: () => indicators.all().map((indicator) => indicators.entity(indicator)),
		/** How long actions stay Pending and InProgress from now on (on the emulator's clock). */
		setActionTimings: (timings: Partial<ActionTimings>) => {
			actions.timings = { ...actions.timings, ...timings };
		},
		/** The next matching action ends Failed, TimeOut or Cancelled (by `requestor`) instead of Succeeded. */
		failNextAction: (override: OutcomeOverride) => actions.forceNextOutcome(override),
		setDuplicateAnswer: (answer: DuplicateAnswer) => {
			duplicateAnswer = answer;
		},
		setEchoRequests: (on: boolean) => {
			echoRequests = on;
		},
		setImportOrder: (order: 'sent' | 'reversed') => {
			importOrder = order;
		},
		/** A tenant without onboarded machines, for which Defender answers the list with 404. */
		removeMachines: () => {
			machines = [];
		},
		/** Fills the tenant with indicators without requests, to reach the 15,000 limit quickly. */
		seedIndicators: (count: number) => {
			const caller: Caller = { kind: 'application', permissions: [], clientId: 'emulator-seed', displayName: 'API-App:emulator-seed', tenantKey: '' };
			for (let index = 0; index < count; index++) {
				indicators.upsert({ indicatorValue: `seed-${index}.example`, indicatorType: 'DomainName', action: 'Audit', generateAlert: true, title: 'Seeded', description: 'Seeded' }, caller);
			}
		},
		reset: () => {
			machines = seedMachines({ seed: dependencies.seed, now: now(), huntingDevices: dependencies.huntingDevices });
			actions.reset();
			indicators.reset();
			duplicateAnswer = 'error';
			echoRequests = false;
			importOrder = 'sent';
		},
	};

	/** The same controls over HTTP under /_emulator/endpoint/, or undefined for a path that is not one. */
	function administer(action: string, body: Record<string, unknown>): HttpAnswer | undefined {
		switch (action) {
			case 'GET /endpoint/machines':
				return jsonAnswer(200, admin.machines());
			case 'GET /endpoint/machine-actions':
				return jsonAnswer(200, admin.machineActions());
			case 'POST /endpoint/action-timings':
				admin.setActionTimings(body as Partial<ActionTimings>);
				return jsonAnswer(200, actions.timings);
			case 'POST /endpoint/fail-next-action':
				admin.failNextAction(body as unknown as OutcomeOverride);
				return jsonAnswer(200, { ok: true });
			case 'POST /endpoint/remove-machines':
				admin.removeMachines();
				return jsonAnswer(200, { ok: true });
			case 'POST /endpoint/echo-requests':
				admin.setEchoRequests(body.on === true);
				return jsonAnswer(200, { ok: true });
			case 'POST /endpoint/import-order':
				admin.setImportOrder(body.order === 'reversed' ? 'reversed' : 'sent');
				return jsonAnswer(200, { ok: true });
			case 'POST /endpoint/duplicates':
				admin.setDuplicateAnswer(body.answer === 'existing' ? 'existing' : 'error');
				return jsonAnswer(200, { ok: true });
			default:
				return undefined;
		}
	}

	return { surface, admin, administer };
}

/** A batch body `{ <field>: [...] }` with 1 to 500 entries (sections 4.5 and 4.6). */
function readBatch(body: Record<string, unknown>, field: string): unknown[] {
	const entries = body[field];
	if (entries === undefined || entries === null) throw new ApiRefusal(400, 'MissingRequiredParameter', `Missing required parameter '${field}'.`);
	if (!Array.isArray(entries)) throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect');
	if (entries.length === 0) throw new ApiRefusal(400, 'InvalidInput', `The list '${field}' is empty.`);
	if (entries.length > batchLimit) throw new ApiRefusal(400, 'MaximumBatchSizeExceeded', `Maximum batch size exceeded. Received: ${entries.length}, allowed: ${batchLimit}.`);
	return entries;
}

export type EndpointService = ReturnType<typeof createEndpointService>;
