// Preloaded (NODE_OPTIONS=--require) into a provider process being profiled: the engine ends the plugin with a
// signal, and Node writes a --cpu-prof profile only when the process exits of its own accord.
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, () => process.exit(0));
}
