// Whether a CLONE_VM | CLONE_VFORK child really shares our memory.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

namespace pidfdspawn {

// 1: the child's writes reach us (every kernel); 0: they do not, the
// child is a copy, as under valgrind, which turns such a clone into fork;
// -1: no answer (the probe child could not be created).  Costs one short
// clone; capabilities.cpp caches the answer.
int probe_clone_vm_sharing ();

} // namespace pidfdspawn
