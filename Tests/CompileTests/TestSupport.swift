// TestSupport.swift — helpers for the Compile tests.

import SwiftPPL
import XCTest
@_exported import _TestSupport


func vec(_ values: [Double]) -> NDArray { NDArray(values) }
func mat(_ values: [Double], _ rows: Int, _ cols: Int) -> NDArray { try! NDArray(values, shape: [rows, cols]) }
