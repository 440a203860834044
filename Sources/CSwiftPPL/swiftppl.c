/* CSwiftPPL: the C ABI header as a module, so Swift uses the same struct layouts the header declares. */
