import { compileFilter, compileOrderBy, ODataQueryError, parseFilter, type QuerySchema } from '../../emulator/query/odata.cjs';

const graph: QuerySchema = {
	dialect: 'graph',
	entityTypeName: 'microsoft.graph.security.incident',
	fields: {
		severity: { type: 'enum', members: ['low', 'medium', 'high'] },
		status: { type: 'enum', members: ['active', 'resolved'] },
		assignedTo: { type: 'string' },
		displayName: { type: 'string' },
		createdDateTime: { type: 'dateTime' },
		customTags: { type: 'stringCollection' },
	},
	sortable: ['createdDateTime', 'severity'],
};
const legacy: QuerySchema = { dialect: 'legacy', entityTypeName: 'Incident', fields: { status: { type: 'enum', members: ['Active', 'Resolved'] }, lastUpdateTime: { type: 'dateTime' } } };

const incidents = [
	{ id: 1, severity: 'high', status: 'active', assignedTo: null, displayName: "O'Brien's laptop", createdDateTime: '2024-05-01T10:00:00.6266667Z', customTags: ['vip'] },
	{ id: 2, severity: 'low', status: 'resolved', assignedTo: 'ana@contoso.example', displayName: 'Phishing', createdDateTime: '2024-05-01T10:00:00.62Z', customTags: [] },
	{ id: 3, severity: 'medium', status: 'active', assignedTo: 'ana@contoso.example', displayName: 'Zürich sign-in', createdDateTime: '2024-05-02T00:00:00Z', customTags: ['VIP', 'finance'] },
];
const ids = (filter: string, schema = graph) => incidents.filter(compileFilter(filter, schema)).map((incident) => incident.id);

it('gives not precedence over and, and and over or', () => {
	expect(parseFilter("not a eq 'x' and b eq 'y' or c eq 'z'")).toMatchObject({ kind: 'logical', operator: 'or', left: { kind: 'logical', operator: 'and', left: { kind: 'not' } } });
	expect(ids("severity eq 'low' or severity eq 'high' and status eq 'resolved'")).toEqual([2]);
	expect(ids("(severity eq 'low' or severity eq 'high') and status eq 'active'")).toEqual([1]);
	expect(ids("not (status eq 'active')")).toEqual([2]);
});

it('evaluates every comparison, in, null, functions and lambdas', () => {
	expect(ids("severity ne 'low'")).toEqual([1, 3]);
	expect(ids("status in ('resolved', 'active') and assignedTo eq null")).toEqual([1]);
	expect(ids("assignedTo ne null")).toEqual([2, 3]);
	expect(ids("displayName eq 'O''Brien''s laptop'")).toEqual([1]);
	expect(ids("startswith(displayName, 'zür') or endswith(displayName, 'ING')")).toEqual([2, 3]);
	expect(ids("contains(tolower(displayName), 'brien')")).toEqual([1]);
	expect(ids("customTags/any(t: t eq 'VIP')")).toEqual([3]);
});

it('compares date-times as instants with seven fractional digits', () => {
	expect(ids('createdDateTime gt 2024-05-01T10:00:00.62Z')).toEqual([1, 3]);
	expect(ids('createdDateTime ge 2024-05-01T10:00:00.6266667Z and createdDateTime lt 2024-05-02T00:00:00Z')).toEqual([1]);
	expect(ids('createdDateTime le 2024-05-01T12:00:01+02:00')).toEqual([1, 2]);
});

it('refuses unknown fields, enum members and bad syntax like Graph', () => {
	expect(() => ids("colour eq 'red'")).toThrow("Invalid filter clause: Could not find a property named 'colour' on type 'microsoft.graph.security.incident'.");
	expect(() => ids("severity eq 'severe'")).toThrow("The string 'severe' is not a valid enumeration type constant.");
	expect(() => ids("severity eq 'high' and")).toThrow(/^Invalid filter clause: Syntax error at position 22/);
	expect(() => ids("severity eq 'high")).toThrow(/unterminated string literal/);
	expect(() => ids('severity eq $x')).toThrow(ODataQueryError);
});

it('allows only the legacy subset on the legacy API, with case-insensitive enums', () => {
	const entities = [{ status: 'Active', lastUpdateTime: '2024-05-01T00:00:00Z' }, { status: 'Resolved', lastUpdateTime: '2024-06-01T00:00:00Z' }];
	expect(entities.filter(compileFilter("status eq 'active' and lastUpdateTime ge 2024-05-15T00:00:00Z", legacy))).toEqual([]);
	expect(entities.filter(compileFilter("status eq 'resolved' and lastUpdateTime ge 2024-05-15T00:00:00Z", legacy))).toHaveLength(1);
	expect(() => compileFilter("status eq 'Active' or status eq 'Resolved'", legacy)).toThrow("Invalid filter: operator 'or' is not supported.");
	expect(() => compileFilter("startswith(status, 'A')", legacy)).toThrow(/not supported/);
	expect(() => compileOrderBy('lastUpdateTime', legacy)).toThrow('Query option $orderby is not supported.');
});

it('orders by several keys, descending, nulls first, stable, and refuses other fields', () => {
	const order = compileOrderBy('severity asc, createdDateTime desc', graph);
	expect([...incidents].sort(order).map((incident) => incident.id)).toEqual([1, 2, 3]);
	const byDate = compileOrderBy('createdDateTime', graph);
	expect([...incidents].sort(byDate).map((incident) => incident.id)).toEqual([2, 1, 3]);
	expect(() => compileOrderBy('displayName', graph)).toThrow("Order by not supported for property 'displayName' on type 'microsoft.graph.security.incident'.");
	expect(() => compileOrderBy('createdDateTime sideways', graph)).toThrow(/Invalid \$orderby/);
});
