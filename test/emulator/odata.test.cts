import {
	compileFilter,
	compileOrderBy,
	instantTicks,
	ODataQueryError,
	parseFilter,
	parseOrderBy,
	type FilterNode,
	type QuerySchema,
} from '../../emulator/odata/index.cjs';

const graph: QuerySchema = {
	dialect: 'graph',
	entityTypeName: 'microsoft.graph.security.incident',
	fields: {
		severity: { type: 'enum', members: ['unknown', 'informational', 'low', 'medium', 'high'], enumTypeName: 'microsoft.graph.security.alertSeverity' },
		status: { type: 'enum', members: ['active', 'inProgress', 'resolved'] },
		assignedTo: { type: 'string' },
		displayName: { type: 'string' },
		createdDateTime: { type: 'dateTime' },
		alertCount: { type: 'number' },
		isVip: { type: 'boolean' },
		customTags: { type: 'stringCollection' },
	},
	sortable: ['createdDateTime', 'severity', 'assignedTo', 'alertCount', 'id', 'customTags'],
};

const legacy: QuerySchema = {
	dialect: 'legacy',
	entityTypeName: 'Incident',
	fields: {
		status: { type: 'enum', members: ['Active', 'InProgress', 'Resolved', 'Redirected'] },
		assignedTo: { type: 'string' },
		lastUpdateTime: { type: 'dateTime' },
		createdTime: { type: 'dateTime' },
	},
};

const incidents = [
	{ id: 1, severity: 'high', status: 'active', assignedTo: null, displayName: "O'Brien's laptop", createdDateTime: '2020-09-06T12:18:03.6266667Z', alertCount: 3, isVip: true, customTags: ['vip'] },
	{ id: 2, severity: 'low', status: 'resolved', assignedTo: 'ana@contoso.example', displayName: 'Phishing', createdDateTime: '2020-09-06T12:18:03.62Z', alertCount: 1, isVip: false, customTags: [] },
	{ id: 3, severity: 'medium', status: 'inProgress', assignedTo: 'bo@contoso.example', displayName: 'Zürich sign-in', createdDateTime: '2020-09-07T00:00:00Z', alertCount: 12, isVip: null, customTags: ['VIP', 'finance'] },
	{ id: 4, severity: 'informational', status: 'active', assignedTo: 'ana@contoso.example', displayName: 'Mail rule', createdDateTime: undefined, alertCount: undefined, isVip: undefined, customTags: undefined },
];

const ids = (filter: string, schema = graph, entities: Record<string, unknown>[] = incidents) => entities.filter(compileFilter(filter, schema)).map((entity) => entity.id);

/** The tree as a compact prefix expression, so precedence is visible at a glance. */
function show(node: FilterNode): string {
	switch (node.kind) {
		case 'literal':
			return node.literalType === 'string' ? `'${String(node.value)}'` : `${node.enumTypeName ? `${node.enumTypeName}:` : ''}${String(node.value)}`;
		case 'property':
			return node.name;
		case 'rangeVariable':
			return `$${node.name}`;
		case 'not':
			return `(not ${show(node.operand)})`;
		case 'logical':
		case 'comparison':
			return `(${node.operator} ${show(node.left)} ${show(node.right)})`;
		case 'in':
			return `(in ${show(node.operand)} [${node.list.map(show).join(' ')}])`;
		case 'call':
			return `(${node.name} ${node.arguments.map(show).join(' ')})`;
		case 'lambda':
			return `(${node.collection}/${node.quantifier}${node.variable ? ` ${node.variable}: ${show(node.predicate!)}` : ''})`;
	}
}

const tree = (filter: string) => show(parseFilter(filter));

/** The message an operation fails with, failing the test when it does not fail with ODataQueryError. */
function failure(operation: () => unknown): string {
	try {
		operation();
	} catch (error) {
		expect(error).toBeInstanceOf(ODataQueryError);
		expect((error as ODataQueryError).code).toBe('BadRequest');
		return (error as Error).message;
	}
	throw new Error('expected an ODataQueryError');
}

describe('parser', () => {
	it('binds not tighter than comparisons, comparisons tighter than and, and tighter than or', () => {
		expect(tree("a eq 1 or b eq 2 and not c")).toBe('(or (eq a 1) (and (eq b 2) (not c)))');
		expect(tree("not a eq 'x' and b eq 'y' or c eq 'z'")).toBe("(or (and (eq (not a) 'x') (eq b 'y')) (eq c 'z'))");
		expect(tree('not (a eq 1)')).toBe('(not (eq a 1))');
		expect(tree('not not a')).toBe('(not (not a))');
		expect(tree('a eq 1 and (b eq 2 or c eq 3)')).toBe('(and (eq a 1) (or (eq b 2) (eq c 3)))');
		expect(tree('((a eq 1))')).toBe('(eq a 1)');
	});

	it('associates left and puts relational operators and in above eq and ne', () => {
		expect(tree('a eq 1 or b eq 2 or c eq 3')).toBe('(or (or (eq a 1) (eq b 2)) (eq c 3))');
		expect(tree('a eq 1 and b eq 2 and c eq 3')).toBe('(and (and (eq a 1) (eq b 2)) (eq c 3))');
		expect(tree('a gt 1 eq true')).toBe('(eq (gt a 1) true)');
		expect(tree("a in ('x') ne false")).toBe("(ne (in a ['x']) false)");
	});

	it('parses every comparison operator, with keywords in any case', () => {
		for (const operator of ['eq', 'ne', 'gt', 'ge', 'lt', 'le']) expect(tree(`a ${operator} 5`)).toBe(`(${operator} a 5)`);
		expect(tree('a EQ 1 AND b Ne 2 Or NOT c')).toBe('(or (and (eq a 1) (ne b 2)) (not c))');
	});

	it("reads literals: '' escapes, numbers, Booleans, null, date-times, dates and qualified enums", () => {
		expect(parseFilter("a eq 'O''Brien''s'")).toMatchObject({ right: { kind: 'literal', literalType: 'string', value: "O'Brien's" } });
		expect(parseFilter("a eq ''''")).toMatchObject({ right: { value: "'" } });
		expect(parseFilter("a eq ''")).toMatchObject({ right: { literalType: 'string', value: '' } });
		expect(parseFilter("a eq 'and or not ( ) , /'")).toMatchObject({ right: { value: 'and or not ( ) , /' } });
		expect(tree('a eq -5 or a eq 1.5e3 or a eq 0.25')).toBe('(or (or (eq a -5) (eq a 1500)) (eq a 0.25))');
		expect(tree('a eq true or a eq FALSE or a eq null')).toBe('(or (or (eq a true) (eq a false)) (eq a null))');
		expect(parseFilter('a ge 2020-09-06T12:18:03.6266667Z')).toMatchObject({ right: { literalType: 'dateTime', value: '2020-09-06T12:18:03.6266667Z', position: 5 } });
		expect(parseFilter('a ge 2024-05-01T10:00:00+02:00')).toMatchObject({ right: { literalType: 'dateTime', value: '2024-05-01T10:00:00+02:00' } });
		expect(parseFilter('a ge 2024-05-01T10:00Z')).toMatchObject({ right: { literalType: 'dateTime' } });
		expect(parseFilter('a ge 2024-05-01')).toMatchObject({ right: { literalType: 'date', value: '2024-05-01' } });
		expect(tree("severity eq microsoft.graph.security.alertSeverity'high'")).toBe('(eq severity microsoft.graph.security.alertSeverity:high)');
	});

	it('parses in, functions, nested calls and lambdas with their range variables', () => {
		expect(tree("status in ('active', 'inProgress')")).toBe("(in status ['active' 'inProgress'])");
		expect(tree("startswith(tolower(displayName), 'ph') and endswith(a, 'x') and contains(toupper(b), 'Y')")).toBe(
			"(and (and (startswith (tolower displayName) 'ph') (endswith a 'x')) (contains (toupper b) 'Y'))",
		);
		expect(tree("customTags/any(t: t eq 'x' or startswith(t, 'y'))")).toBe("(customTags/any t: (or (eq $t 'x') (startswith $t 'y')))");
		expect(tree("customTags/all(tag: tag ne 'x') and t eq 1")).toBe("(and (customTags/all tag: (ne $tag 'x')) (eq t 1))");
		expect(tree('customTags/any()')).toBe('(customTags/any)');
	});

	it('records where each node starts', () => {
		expect(parseFilter("severity eq 'high' and assignedTo eq null")).toEqual({
			kind: 'logical',
			operator: 'and',
			position: 19,
			left: { kind: 'comparison', operator: 'eq', position: 9, left: { kind: 'property', name: 'severity', position: 0 }, right: { kind: 'literal', literalType: 'string', value: 'high', position: 12 } },
			right: { kind: 'comparison', operator: 'eq', position: 34, left: { kind: 'property', name: 'assignedTo', position: 23 }, right: { kind: 'literal', literalType: 'null', value: null, position: 37 } },
		});
	});

	it.each([
		["severity eq 'high' and", 22],
		['severity eq', 11],
		['', 0],
		['   ', 3],
		["(severity eq 'high'", 19],
		["severity eq 'high')", 18],
		["severity eq 'high' xyz", 19],
		['severity eq $x', 12],
		['severity eq eq', 12],
		["status in ()", 11],
		["status in 'a'", 10],
		["status in ('a',)", 15],
		["customTags/some(t: t eq 'x')", 11],
		["customTags/any(t t eq 'x')", 17],
		["startswith(displayName, 'x'", 27],
		['a eq 12abc', 7],
		['a eq 1.', 7],
		['createdDateTime ge 2024-05-01T10:00:00', 38],
		['createdDateTime ge 2024-05-01T10:00:00.', 39],
		['createdDateTime ge 2024-05-01T10:00:00.12345678Z', 46],
		['createdDateTime ge 2024-05-1T10:00:00Z', 28],
		['a eq 1 & b eq 2', 7],
	])('reports a syntax error in %p at position %p', (filter, position) => {
		expect(failure(() => parseFilter(filter))).toBe(`Invalid filter clause: Syntax error at position ${position} in '${filter}'.`);
		expect(failure(() => compileFilter(filter, graph))).toBe(`Invalid filter clause: Syntax error at position ${position} in '${filter}'.`);
	});

	it('words unterminated strings, unknown functions and impossible dates as Graph does', () => {
		expect(failure(() => parseFilter("severity eq 'high"))).toBe("Invalid filter clause: There is an unterminated string literal at position 12 in 'severity eq 'high'.");
		expect(failure(() => parseFilter("a eq 'it''"))).toBe("Invalid filter clause: There is an unterminated string literal at position 5 in 'a eq 'it'''.");
		expect(failure(() => parseFilter("substringof('a', b)"))).toBe(
			"Invalid filter clause: An unknown function with name 'substringof' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.",
		);
		expect(failure(() => parseFilter('a ge 2024-02-30T00:00:00Z'))).toBe(
			"Invalid filter clause: The DateTimeOffset text '2024-02-30T00:00:00Z' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.",
		);
		expect(failure(() => parseFilter('a ge 2024-05-01T24:00:00Z'))).toMatch(/DateTimeOffset text '2024-05-01T24:00:00Z'/);
		expect(tree('a ge 2024-02-29T00:00:00Z')).toBe('(ge a 2024-02-29T00:00:00Z)');
		expect(failure(() => parseFilter('a ge 2023-02-29T00:00:00Z'))).toMatch(/DateTimeOffset text '2023-02-29T00:00:00Z'/);
	});
});

describe('Graph filter evaluation', () => {
	it('applies precedence when evaluating', () => {
		expect(ids("severity eq 'low' or severity eq 'high' and status eq 'resolved'")).toEqual([2]);
		expect(ids("(severity eq 'low' or severity eq 'high') and status eq 'active'")).toEqual([1]);
		expect(ids("not (status eq 'active')")).toEqual([2, 3]);
		expect(ids("not (status eq 'active') and not (severity eq 'low')")).toEqual([3]);
	});

	it('evaluates every comparison operator on strings, numbers and enums (by declared order)', () => {
		expect(ids("assignedTo eq 'ana@contoso.example'")).toEqual([2, 4]);
		expect(ids("assignedTo eq 'ANA@contoso.example'")).toEqual([]);
		expect(ids("assignedTo ne 'ana@contoso.example'")).toEqual([1, 3]);
		expect(ids("assignedTo gt 'ana@contoso.example'")).toEqual([3]);
		expect(ids("assignedTo ge 'ana@contoso.example'")).toEqual([2, 3, 4]);
		expect(ids("assignedTo lt 'bo@contoso.example'")).toEqual([2, 4]);
		expect(ids("assignedTo le 'bo@contoso.example'")).toEqual([2, 3, 4]);
		expect(ids('alertCount gt 2')).toEqual([1, 3]);
		expect(ids('alertCount le 3')).toEqual([1, 2]);
		expect(ids('alertCount eq 12')).toEqual([3]);
		expect(ids('alertCount ge 1.5 and alertCount lt 1e1')).toEqual([1]);
		expect(ids("severity ge 'medium'")).toEqual([1, 3]);
		expect(ids("severity lt 'low'")).toEqual([4]);
		expect(ids("severity ne 'low'")).toEqual([1, 3, 4]);
		expect(ids("severity eq microsoft.graph.security.alertSeverity'high'")).toEqual([1]);
		expect(ids("'high' eq severity")).toEqual([1]);
	});

	it('follows OData null rules: only eq and ne match null, and not/and/or are three-valued', () => {
		expect(ids('assignedTo eq null')).toEqual([1]);
		expect(ids('null eq assignedTo')).toEqual([1]);
		expect(ids('assignedTo ne null')).toEqual([2, 3, 4]);
		expect(ids("assignedTo lt 'zzz'")).toEqual([2, 3, 4]);
		expect(ids("assignedTo ne 'ana@contoso.example'")).toEqual([1, 3]);
		expect(ids('alertCount eq null')).toEqual([4]);
		expect(ids('createdDateTime eq null')).toEqual([4]);
		expect(ids('isVip eq true')).toEqual([1]);
		expect(ids('isVip')).toEqual([1]);
		expect(ids('not isVip')).toEqual([2]);
		expect(ids('isVip or true')).toEqual([1, 2, 3, 4]);
		expect(ids('isVip and false or isVip eq null')).toEqual([3, 4]);
		expect(ids('not (isVip and true)')).toEqual([2]);
	});

	it('evaluates in against enums, strings and null', () => {
		expect(ids("status in ('active', 'inProgress')")).toEqual([1, 3, 4]);
		expect(ids("assignedTo in ('bo@contoso.example', null)")).toEqual([1, 3]);
		expect(ids("not (status in ('active'))")).toEqual([2, 3]);
	});

	it('evaluates the text functions case-insensitively, and tolower/toupper for exact comparisons', () => {
		expect(ids("startswith(displayName, 'zÜr')")).toEqual([3]);
		expect(ids("endswith(displayName, 'ING')")).toEqual([2]);
		expect(ids("contains(displayName, 'BRIEN''S')")).toEqual([1]);
		expect(ids("contains(displayName, 'rule') or startswith(displayName, 'nothing')")).toEqual([4]);
		expect(ids("toupper(displayName) eq 'PHISHING'")).toEqual([2]);
		expect(ids("tolower(displayName) eq 'mail rule'")).toEqual([4]);
		expect(ids("tolower(displayName) eq 'Mail rule'")).toEqual([]);
		expect(ids("startswith(assignedTo, 'ana')")).toEqual([2, 4]);
		expect(ids("not startswith(assignedTo, 'ana')")).toEqual([3]);
	});

	it('evaluates any, all and any() over string collections', () => {
		expect(ids("customTags/any(t: t eq 'VIP')")).toEqual([3]);
		expect(ids("customTags/any(t: tolower(t) eq 'vip')")).toEqual([1, 3]);
		expect(ids("customTags/any(t: startswith(t, 'fin'))")).toEqual([3]);
		expect(ids("customTags/all(t: t ne 'vip')")).toEqual([2, 3]);
		expect(ids('customTags/any()')).toEqual([1, 3]);
		expect(ids('not customTags/any()')).toEqual([2, 4]);
		expect(ids("customTags/any(t: t eq 'finance') and severity eq 'medium'")).toEqual([3]);
	});

	it('compares date-times as instants, to the seventh fractional digit', () => {
		expect(ids('createdDateTime gt 2020-09-06T12:18:03.62Z')).toEqual([1, 3]);
		expect(ids('createdDateTime eq 2020-09-06T12:18:03.6200000Z')).toEqual([2]);
		expect(ids('createdDateTime eq 2020-09-06T12:18:03.6266667Z')).toEqual([1]);
		expect(ids('createdDateTime gt 2020-09-06T12:18:03.6266666Z and createdDateTime lt 2020-09-06T12:18:03.6266668Z')).toEqual([1]);
		expect(ids('createdDateTime gt 2020-09-06T12:18:03.6266667Z')).toEqual([3]);
		expect(ids('createdDateTime le 2020-09-06T14:18:03.62+02:00')).toEqual([2]);
		expect(ids('createdDateTime lt 2020-09-06T19:00-05:00')).toEqual([1, 2]);
		expect(ids('createdDateTime le 2020-09-06T19:00-05:00')).toEqual([1, 2, 3]);
		expect(ids('createdDateTime ge 2020-09-07T00:00:00Z')).toEqual([3]);
		const dated = [{ id: 'date object', createdDateTime: new Date('2020-09-07T00:00:00.001Z') }];
		expect(ids('createdDateTime gt 2020-09-07T00:00:00.0009999Z', graph, dated)).toEqual(['date object']);
		expect(ids('createdDateTime gt 2020-09-07T00:00:00.001Z', graph, dated)).toEqual([]);
	});

	it('computes tick-exact instants where milliseconds times 10,000 would lose digits as a double', () => {
		const later = instantTicks('2020-09-06T12:18:03.6266667Z');
		const earlier = instantTicks('2020-09-06T12:18:03.6266666Z');
		expect(typeof later).toBe('bigint');
		expect(later! - earlier!).toBe(1n);
		expect(instantTicks('2020-09-06T14:18:03.6266667+02:00')).toBe(later);
		expect(instantTicks('2020-09-06T12:18:03.6266667')).toBe(later);
		expect(instantTicks('not a date')).toBeUndefined();
		expect(instantTicks('2020-09-06T12:18:03Z trailing')).toBeUndefined();
	});

	it('refuses unknown properties, enum members and mismatched types with Graph messages', () => {
		expect(failure(() => compileFilter("colour eq 'red'", graph))).toBe("Invalid filter clause: Could not find a property named 'colour' on type 'microsoft.graph.security.incident'.");
		expect(failure(() => compileFilter("Severity eq 'high'", graph))).toMatch(/Could not find a property named 'Severity'/);
		expect(failure(() => compileFilter("severity eq 'severe'", graph))).toBe("The string 'severe' is not a valid enumeration type constant.");
		expect(failure(() => compileFilter("severity eq 'High'", graph))).toBe("The string 'High' is not a valid enumeration type constant.");
		expect(failure(() => compileFilter("status in ('active', 'bogus')", graph))).toBe("The string 'bogus' is not a valid enumeration type constant.");
		expect(failure(() => compileFilter('severity eq 1', graph))).toBe(
			"Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'microsoft.graph.security.alertSeverity' and 'Edm.Int32' for operator kind 'Equal'.",
		);
		expect(failure(() => compileFilter("createdDateTime ge '2024-05-01T00:00:00Z'", graph))).toBe(
			"Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'GreaterThanOrEqual'.",
		);
		expect(failure(() => compileFilter('createdDateTime lt 2024-05-01', graph))).toMatch(/'Edm.DateTimeOffset' and 'Edm.Date' for operator kind 'LessThan'/);
		expect(failure(() => compileFilter("customTags eq 'vip'", graph))).toMatch(/'Collection\(Edm.String\)' and 'Edm.String'/);
		expect(failure(() => compileFilter('displayName eq 2.5', graph))).toMatch(/'Edm.String' and 'Edm.Double' for operator kind 'Equal'/);
		expect(failure(() => compileFilter('displayName ne 3000000000', graph))).toMatch(/'Edm.String' and 'Edm.Int64' for operator kind 'NotEqual'/);
		expect(failure(() => compileFilter("alertCount gt 'x'", graph))).toMatch(/'Edm.Int32' and 'Edm.String' for operator kind 'GreaterThan'/);
		expect(failure(() => compileFilter("severity eq status", graph))).toMatch(/'microsoft.graph.security.alertSeverity' and 'microsoft.graph.security.incidentStatus'/);
		expect(failure(() => compileFilter("displayName and severity eq 'high'", graph))).toMatch(/'Edm.String' and 'Edm.Boolean' for operator kind 'And'/);
		expect(failure(() => compileFilter("not status eq 'active'", graph))).toBe(
			"Invalid filter clause: A unary operator with an incompatible type was detected. Found operand type 'microsoft.graph.security.incidentStatus' for operator kind 'Not'.",
		);
		expect(failure(() => compileFilter('displayName', graph))).toBe('Invalid filter clause: The $filter expression must evaluate to a single boolean value.');
		expect(failure(() => compileFilter("tolower(displayName)", graph))).toMatch(/must evaluate to a single boolean value/);
		expect(failure(() => compileFilter("startswith(severity, 'h')", graph))).toBe(
			"Invalid filter clause: No function signature for the function with name 'startswith' matches the specified arguments. The function signatures considered are: startswith(Edm.String Nullable=true, Edm.String Nullable=true).",
		);
		expect(failure(() => compileFilter("contains(displayName)", graph))).toMatch(/No function signature for the function with name 'contains'/);
		expect(failure(() => compileFilter("assignedTo/any(t: t eq 'x')", graph))).toMatch(/'any' operator can only be applied to a collection; 'assignedTo' is of type 'Edm.String'/);
		expect(failure(() => compileFilter("customTags/any(t: t)", graph))).toMatch(/'any' expression must be a Boolean expression/);
		expect(failure(() => compileFilter("tags/any(t: t eq 'x')", graph))).toMatch(/Could not find a property named 'tags'/);
		expect(failure(() => compileFilter("status in (severity)", graph))).toMatch(/must be a list of literals/);
	});

	it("names the entity type from the schema, with a default per dialect", () => {
		const alerts: QuerySchema = { ...graph, entityTypeName: 'microsoft.graph.security.alert' };
		expect(failure(() => compileFilter('x eq 1', alerts))).toMatch(/on type 'microsoft.graph.security.alert'\.$/);
		const { entityTypeName: _omitted, ...untyped } = graph;
		expect(failure(() => compileFilter('x eq 1', untyped))).toMatch(/on type 'microsoft.graph.security.incident'\.$/);
	});
});

describe('legacy filter', () => {
	const legacyIncidents = [
		{ incidentId: 10, status: 'Active', assignedTo: 'ana@contoso.example', lastUpdateTime: '2020-09-06T12:18:03.6266667Z', createdTime: '2020-09-01T00:00:00Z' },
		{ incidentId: 11, status: 'Resolved', assignedTo: null, lastUpdateTime: '2020-09-06T12:18:03.62Z', createdTime: '2020-09-02T00:00:00Z' },
		{ incidentId: 12, status: 'InProgress', assignedTo: 'bo@contoso.example', lastUpdateTime: '2020-10-01T00:00:00Z', createdTime: '2020-09-03T00:00:00Z' },
	];
	const legacyIds = (filter: string) => legacyIncidents.filter(compileFilter(filter, legacy)).map((incident) => incident.incidentId);

	it('accepts comparisons joined with and, dates unquoted and enums in any case', () => {
		expect(legacyIds('lastUpdateTime gt 2020-09-06T12:18:03.62Z')).toEqual([10, 12]);
		expect(legacyIds('lastUpdateTime ge 2020-09-06T12:18:03.62Z and lastUpdateTime lt 2020-10-01T00:00:00Z')).toEqual([10, 11]);
		expect(legacyIds("status eq 'inprogress'")).toEqual([12]);
		expect(legacyIds("status eq 'RESOLVED' and createdTime le 2020-09-02T00:00:00Z")).toEqual([11]);
		expect(legacyIds("status ge 'InProgress'")).toEqual([11, 12]);
		expect(legacyIds("assignedTo eq 'ana@contoso.example' and status eq 'Active' and createdTime ge 2020-01-01T00:00:00Z")).toEqual([10]);
		expect(legacyIds('assignedTo eq null')).toEqual([11]);
		// Grouping is no operator: a client may parenthesize a user's filter (docs/api-contract.md lists no ban).
		expect(legacyIds("(status eq 'RESOLVED') and (createdTime le 2020-09-02T00:00:00Z)")).toEqual([11]);
	});

	it.each([
		["status eq 'Active' or status eq 'Resolved'", "Invalid filter: operator 'or' is not supported."],
		["not (status eq 'Active')", "Invalid filter: operator 'not' is not supported."],
		["status ne 'Active'", "Invalid filter: operator 'ne' is not supported."],
		["status in ('Active')", "Invalid filter: operator 'in' is not supported."],
		["startswith(assignedTo, 'ana')", "Invalid filter: function 'startswith' is not supported."],
		["tags/any(t: t eq 'x')", "Invalid filter: lambda operator 'any' is not supported."],
		["'Active' eq status", "Invalid filter: comparisons must be written 'property operator value' (at position 9)."],
		['createdTime lt lastUpdateTime', "Invalid filter: comparisons must be written 'property operator value' (at position 12)."],
		['status', 'Invalid filter: expected a comparison at position 0.'],
		["severity eq 'High'", "Invalid filter: Could not find a property named 'severity' on type 'Incident'."],
		["status eq 'Open'", "Invalid filter: The string 'Open' is not a valid enumeration type constant."],
		["lastUpdateTime ge '2020-09-06T00:00:00Z'", "Invalid filter: A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'GreaterThanOrEqual'."],
		["status eq 'Active' and", "Invalid filter: Syntax error at position 22 in 'status eq 'Active' and'."],
	])('refuses %p', (filter, message) => {
		expect(failure(() => compileFilter(filter, legacy))).toBe(message);
	});

	it('refuses $orderby altogether', () => {
		expect(failure(() => compileOrderBy('lastUpdateTime desc', legacy))).toBe('Order by is not supported.');
	});
});

describe('$orderby', () => {
	const order = (text: string, entities: Record<string, unknown>[] = incidents) => [...entities].sort(compileOrderBy(text, graph)).map((entity) => entity.id);

	it('parses keys with optional directions', () => {
		expect(parseOrderBy('createdDateTime desc, severity,id ASC')).toEqual([
			{ property: 'createdDateTime', descending: true, position: 0 },
			{ property: 'severity', descending: false, position: 22 },
			{ property: 'id', descending: false, position: 31 },
		]);
	});

	it('sorts date-times as instants with nulls first ascending and last descending', () => {
		expect(order('createdDateTime')).toEqual([4, 2, 1, 3]);
		expect(order('createdDateTime asc')).toEqual([4, 2, 1, 3]);
		expect(order('createdDateTime desc')).toEqual([3, 1, 2, 4]);
		expect(order('assignedTo')).toEqual([1, 2, 4, 3]);
		expect(order('alertCount desc')).toEqual([3, 1, 2, 4]);
	});

	it('sorts enums by declared order and applies later keys to ties', () => {
		expect(order('severity')).toEqual([4, 2, 3, 1]);
		expect(order('assignedTo desc, createdDateTime desc')).toEqual([3, 2, 4, 1]);
		expect(order('assignedTo desc, createdDateTime asc')).toEqual([3, 4, 2, 1]);
		expect(order('id desc')).toEqual([4, 3, 2, 1]);
	});

	it('keeps input order for equal keys, ascending and descending', () => {
		const many = Array.from({ length: 40 }, (_, index) => ({ id: index, severity: index % 2 === 0 ? 'low' : 'high' }));
		const evens = many.filter((entity) => entity.id % 2 === 0).map((entity) => entity.id);
		const odds = many.filter((entity) => entity.id % 2 === 1).map((entity) => entity.id);
		expect(order('severity', many)).toEqual([...evens, ...odds]);
		expect(order('severity desc', many)).toEqual([...odds, ...evens]);
	});

	it('refuses unsortable, unknown, duplicate and malformed keys', () => {
		expect(failure(() => compileOrderBy('displayName', graph))).toBe("Order by not supported for property 'displayName' on type 'microsoft.graph.security.incident'.");
		expect(failure(() => compileOrderBy('customTags', graph))).toBe("Order by not supported for property 'customTags' on type 'microsoft.graph.security.incident'.");
		expect(failure(() => compileOrderBy('colour', graph))).toBe("Invalid orderby clause: Could not find a property named 'colour' on type 'microsoft.graph.security.incident'.");
		expect(failure(() => compileOrderBy('severity, severity desc', graph))).toBe("Invalid orderby clause: Duplicate property named 'severity' is not supported in '$orderby'.");
		expect(failure(() => compileOrderBy('createdDateTime sideways', graph))).toBe("Invalid orderby clause: Syntax error at position 16 in 'createdDateTime sideways'.");
		expect(failure(() => compileOrderBy('severity,', graph))).toBe("Invalid orderby clause: Syntax error at position 9 in 'severity,'.");
		expect(failure(() => compileOrderBy('', graph))).toBe("Invalid orderby clause: Syntax error at position 0 in ''.");
		expect(failure(() => compileOrderBy("'severity'", graph))).toMatch(/Syntax error at position 0/);
	});

	it('defaults the sortable fields to the filterable ones', () => {
		const { sortable: _omitted, ...schema } = graph;
		expect([...incidents].sort(compileOrderBy('displayName', schema)).map((entity) => entity.id)).toEqual([4, 1, 2, 3]);
		expect(failure(() => compileOrderBy('id', schema))).toMatch(/Could not find a property named 'id'/);
	});
});
