/**
 * One Vite build for both web apps: the petitioner portal at / (index.html) and the staff
 * workbench at /staff/ (staff/index.html). Each page is split into lazy chunks per screen;
 * antd, echarts and React go to their own long-cached vendor chunks.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: { portal: here('./index.html'), staff: here('./staff/index.html') },
      output: {
        // One group naming each vendor chunk (what `manualChunks` was; rolldown turns that into this).
        codeSplitting: {
          groups: [{
            debugName: 'vendor',
            name(id: string) {
              if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'vendor-echarts';
              if (id.includes('node_modules/react') || id.includes('node_modules/scheduler')) return 'vendor-react';
              if (id.includes('node_modules/@ant-design') || id.includes('node_modules/antd') || id.includes('node_modules/rc-') || id.includes('node_modules/@rc-component')) return 'vendor-antd';
              return null;
            },
          }],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
