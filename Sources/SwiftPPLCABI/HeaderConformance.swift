// HeaderConformance.swift — compile-time check that every exported function has exactly the signature swiftppl.h declares.

import CSwiftPPL

/// Compiles only when both arguments have the same function type.
private func sameSignature<T>(_ declared: T, _ implemented: T) {}

/// Never called: type-checking it compares each C declaration with its Swift implementation.
private func checkHeaderConformance() {
    sameSignature(CSwiftPPL.sppl_string_free, SwiftPPLCABI.sppl_string_free)
    sameSignature(CSwiftPPL.sppl_handles_free, SwiftPPLCABI.sppl_handles_free)
    sameSignature(CSwiftPPL.sppl_version, SwiftPPLCABI.sppl_version)
    sameSignature(CSwiftPPL.sppl_release, SwiftPPLCABI.sppl_release)
    sameSignature(CSwiftPPL.sppl_live_handles, SwiftPPLCABI.sppl_live_handles)
    sameSignature(CSwiftPPL.sppl_handle_identity, SwiftPPLCABI.sppl_handle_identity)
    sameSignature(CSwiftPPL.sppl_describe, SwiftPPLCABI.sppl_describe)
    sameSignature(CSwiftPPL.sppl_op_properties, SwiftPPLCABI.sppl_op_properties)
    sameSignature(CSwiftPPL.sppl_random_variable_catalog, SwiftPPLCABI.sppl_random_variable_catalog)
    sameSignature(CSwiftPPL.sppl_array_borrow, SwiftPPLCABI.sppl_array_borrow)
    sameSignature(CSwiftPPL.sppl_array_describe, SwiftPPLCABI.sppl_array_describe)
    sameSignature(CSwiftPPL.sppl_variable_new, SwiftPPLCABI.sppl_variable_new)
    sameSignature(CSwiftPPL.sppl_constant_new, SwiftPPLCABI.sppl_constant_new)
    sameSignature(CSwiftPPL.sppl_shared_new, SwiftPPLCABI.sppl_shared_new)
    sameSignature(CSwiftPPL.sppl_shared_get, SwiftPPLCABI.sppl_shared_get)
    sameSignature(CSwiftPPL.sppl_shared_set, SwiftPPLCABI.sppl_shared_set)
    sameSignature(CSwiftPPL.sppl_constant_value, SwiftPPLCABI.sppl_constant_value)
    sameSignature(CSwiftPPL.sppl_variable_type, SwiftPPLCABI.sppl_variable_type)
    sameSignature(CSwiftPPL.sppl_variable_name, SwiftPPLCABI.sppl_variable_name)
    sameSignature(CSwiftPPL.sppl_variable_set_name, SwiftPPLCABI.sppl_variable_set_name)
    sameSignature(CSwiftPPL.sppl_variable_owner, SwiftPPLCABI.sppl_variable_owner)
    sameSignature(CSwiftPPL.sppl_apply_info, SwiftPPLCABI.sppl_apply_info)
    sameSignature(CSwiftPPL.sppl_apply_input, SwiftPPLCABI.sppl_apply_input)
    sameSignature(CSwiftPPL.sppl_apply_output, SwiftPPLCABI.sppl_apply_output)
    sameSignature(CSwiftPPL.sppl_apply_op, SwiftPPLCABI.sppl_apply_op)
    sameSignature(CSwiftPPL.sppl_op_equal, SwiftPPLCABI.sppl_op_equal)
    sameSignature(CSwiftPPL.sppl_build, SwiftPPLCABI.sppl_build)
    sameSignature(CSwiftPPL.sppl_graph_query, SwiftPPLCABI.sppl_graph_query)
    sameSignature(CSwiftPPL.sppl_clone_replace, SwiftPPLCABI.sppl_clone_replace)
    sameSignature(CSwiftPPL.sppl_dprint, SwiftPPLCABI.sppl_dprint)
    sameSignature(CSwiftPPL.sppl_function_new, SwiftPPLCABI.sppl_function_new)
    sameSignature(CSwiftPPL.sppl_function_info, SwiftPPLCABI.sppl_function_info)
    sameSignature(CSwiftPPL.sppl_function_variable, SwiftPPLCABI.sppl_function_variable)
    sameSignature(CSwiftPPL.sppl_function_call, SwiftPPLCABI.sppl_function_call)
    sameSignature(CSwiftPPL.sppl_function_map, SwiftPPLCABI.sppl_function_map)
    sameSignature(CSwiftPPL.sppl_function_dprint, SwiftPPLCABI.sppl_function_dprint)
    sameSignature(CSwiftPPL.sppl_nuts_start, SwiftPPLCABI.sppl_nuts_start)
    sameSignature(CSwiftPPL.sppl_nuts_info, SwiftPPLCABI.sppl_nuts_info)
    sameSignature(CSwiftPPL.sppl_nuts_progress, SwiftPPLCABI.sppl_nuts_progress)
    sameSignature(CSwiftPPL.sppl_nuts_cancel, SwiftPPLCABI.sppl_nuts_cancel)
    sameSignature(CSwiftPPL.sppl_nuts_wait, SwiftPPLCABI.sppl_nuts_wait)
    sameSignature(CSwiftPPL.sppl_nuts_result, SwiftPPLCABI.sppl_nuts_result)
    sameSignature(CSwiftPPL.sppl_find_map, SwiftPPLCABI.sppl_find_map)
}
