import '@swsl/runtime-web/convert-worker';
