import { defineConfig } from 'vite';
import { chatEmulator } from './dev-server.js';

export default defineConfig({
  // Workspace packages from their sources, as the tests use them.
  resolve: { conditions: ['@connect-participant/source', 'module', 'browser', 'development|production'] },
  plugins: [chatEmulator()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022' },
});
