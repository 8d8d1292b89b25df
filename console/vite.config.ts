import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server owns these paths; in dev they are forwarded to it.
const serverUrl = 'http://127.0.0.1:3000';
const proxied = ['/api', '/docs', '/openapi.json', '/healthz'];

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: serverUrl, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is ~850 kB minified on its own; it gets a stable vendor chunk that browsers cache across releases.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            {
              name: 'vendor-antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/,
            },
            { name: 'vendor-i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
          ],
        },
      },
    },
  },
});
