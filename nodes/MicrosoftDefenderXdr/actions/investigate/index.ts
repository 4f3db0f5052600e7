import { resourceDescription } from '../../descriptions/operations';
import type { OperationModule } from '../common/types';
import * as alertsForEntity from './alertsForEntity.operation';
import * as deviceEvents from './deviceEvents.operation';
import * as deviceSignIns from './deviceSignIns.operation';
import * as deviceVulnerabilities from './deviceVulnerabilities.operation';
import * as devicesContactingAddress from './devicesContactingAddress.operation';
import * as devicesWithFile from './devicesWithFile.operation';

export const operations: Record<string, OperationModule> = {
	alertsForEntity,
	deviceEvents,
	deviceSignIns,
	deviceVulnerabilities,
	devicesContactingAddress,
	devicesWithFile,
};

export const description = resourceDescription('investigate', 'devicesWithFile', operations);
