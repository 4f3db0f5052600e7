import { plainDeviceAction } from '../common/endpoint';

export const { description, execute } = plainDeviceAction('releaseFromIsolation');
