import { tagOperation } from '../common/endpoint';

export const { description, execute } = tagOperation('Add');
