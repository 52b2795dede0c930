import { defineConfig } from 'vite';
import { chatEmulator } from './dev-server.js';

export default defineConfig({
  // Workspace packages from their sources, as the tests use them; rxjs from its es2015 build.
  resolve: { conditions: ['@connect-participant/source', 'es2015', 'module', 'browser', 'development|production'] },
  plugins: [chatEmulator()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022' },
});
