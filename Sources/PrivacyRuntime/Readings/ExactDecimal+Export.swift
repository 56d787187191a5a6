// A reading's value type is part of this module's API (`SourceRecord.value`); it lives in `Policy`, whose
// reading rules parse the same decimals, so that there is one exact decimal type.
@_exported import struct Policy.ExactDecimal
