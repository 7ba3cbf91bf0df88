import '@swsl/runtime-web/classifier-worker';
