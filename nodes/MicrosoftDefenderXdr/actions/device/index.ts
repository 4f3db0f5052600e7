import { resourceDescription } from '../../descriptions/operations';
import type { EndpointOperationModule } from '../common/endpoint';
import * as addTag from './addTag.operation';
import * as collectInvestigationPackage from './collectInvestigationPackage.operation';
import * as findByIp from './findByIp.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as isolate from './isolate.operation';
import * as releaseFromIsolation from './releaseFromIsolation.operation';
import * as removeAppRestriction from './removeAppRestriction.operation';
import * as removeTag from './removeTag.operation';
import * as restrictAppExecution from './restrictAppExecution.operation';
import * as runAntivirusScan from './runAntivirusScan.operation';
import * as stopAndQuarantineFile from './stopAndQuarantineFile.operation';

export const operations: Record<string, EndpointOperationModule> = {
	addTag,
	collectInvestigationPackage,
	findByIp,
	get,
	getAll,
	isolate,
	releaseFromIsolation,
	removeAppRestriction,
	removeTag,
	restrictAppExecution,
	runAntivirusScan,
	stopAndQuarantineFile,
};

export const description = resourceDescription('device', 'get', operations);
