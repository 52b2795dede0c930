import { sourceFirst } from '../../vitest.shared.js';

export default sourceFirst;
