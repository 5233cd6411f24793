// Looks a versioned symbol up in the dynamic symbol tables of the loaded
// objects (dl_iterate_phdr is in libc on every glibc).  The libc's own
// posix_spawn cannot be reached through a plain versioned reference: this
// library's base-version wrapper satisfies any version, so the reference
// would bind to the wrapper itself (lib/spawn_interpose.cpp).
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "versioned_symbol.h"

#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <string.h>

namespace pidfdspawn {

namespace {

struct Query
{
  const char *name;
  const char *version;
  void *found;
};

// Dynamic-section pointers are relocated in place by glibc's loader on most
// architectures and left as offsets by others: accept both.
template <typename T>
const T *
dynamic_pointer (const ElfW (Dyn) *d, ElfW (Addr) base)
{
  ElfW (Addr) p = d->d_un.d_ptr;
  return reinterpret_cast<const T *> (p < base ? p + base : p);
}

uint32_t
gnu_hash (const char *s)
{
  uint32_t h = 5381;
  for (; *s != '\0'; ++s)
    h = h * 33 + static_cast<unsigned char> (*s);
  return h;
}

struct Tables
{
  const ElfW (Sym) *symtab = nullptr;
  const char *strtab = nullptr;
  const ElfW (Half) *versym = nullptr;
  const ElfW (Verdef) *verdef = nullptr;
  const uint32_t *gnu_hash = nullptr;
  const uint32_t *sysv_hash = nullptr;
};

// The version index VERSION has in this object, or 0.
ElfW (Half)
version_index (const Tables &t, const char *version)
{
  const ElfW (Verdef) *vd = t.verdef;
  while (vd != nullptr)
    {
      const auto *aux = reinterpret_cast<const ElfW (Verdaux) *> (
        reinterpret_cast<const char *> (vd) + vd->vd_aux);
      if (!(vd->vd_flags & VER_FLG_BASE)
          && strcmp (t.strtab + aux->vda_name, version) == 0)
        return vd->vd_ndx;
      if (vd->vd_next == 0)
        break;
      vd = reinterpret_cast<const ElfW (Verdef) *> (
        reinterpret_cast<const char *> (vd) + vd->vd_next);
    }
  return 0;
}

bool
matches (const Tables &t, uint32_t index, const char *name, ElfW (Half) version)
{
  const ElfW (Sym) &sym = t.symtab[index];
  return sym.st_shndx != SHN_UNDEF && sym.st_value != 0
         && (t.versym[index] & 0x7fff) == version
         && strcmp (t.strtab + sym.st_name, name) == 0;
}

// The standard DT_GNU_HASH walk, or every symbol when only DT_HASH exists.
int64_t
find_index (const Tables &t, const char *name, ElfW (Half) version)
{
  if (t.gnu_hash != nullptr)
    {
      const uint32_t nbuckets = t.gnu_hash[0];
      const uint32_t symoffset = t.gnu_hash[1];
      const uint32_t bloom_size = t.gnu_hash[2];
      const auto *buckets = reinterpret_cast<const uint32_t *> (
        reinterpret_cast<const ElfW (Addr) *> (t.gnu_hash + 4) + bloom_size);
      const uint32_t *chain = buckets + nbuckets;
      const uint32_t h = gnu_hash (name);
      uint32_t index = buckets[h % nbuckets];
      if (index < symoffset)
        return -1;
      for (;; ++index)
        {
          const uint32_t h2 = chain[index - symoffset];
          if ((h | 1) == (h2 | 1) && matches (t, index, name, version))
            return index;
          if (h2 & 1)
            return -1;
        }
    }
  if (t.sysv_hash != nullptr)
    {
      const uint32_t count = t.sysv_hash[1]; // nchain: one per symbol
      for (uint32_t index = 1; index < count; ++index)
        if (matches (t, index, name, version))
          return index;
    }
  return -1;
}

int
visit (struct dl_phdr_info *info, size_t, void *data)
{
  auto &query = *static_cast<Query *> (data);
  const ElfW (Dyn) *dynamic = nullptr;
  for (int i = 0; i < info->dlpi_phnum; ++i)
    if (info->dlpi_phdr[i].p_type == PT_DYNAMIC)
      dynamic = reinterpret_cast<const ElfW (Dyn) *> (
        info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
  if (dynamic == nullptr)
    return 0;

  Tables t;
  const ElfW (Addr) base = info->dlpi_addr;
  for (const ElfW (Dyn) *d = dynamic; d->d_tag != DT_NULL; ++d)
    switch (d->d_tag)
      {
      case DT_SYMTAB: t.symtab = dynamic_pointer<ElfW (Sym)> (d, base); break;
      case DT_STRTAB: t.strtab = dynamic_pointer<char> (d, base); break;
      case DT_VERSYM: t.versym = dynamic_pointer<ElfW (Half)> (d, base); break;
      case DT_VERDEF: t.verdef = dynamic_pointer<ElfW (Verdef)> (d, base); break;
      case DT_GNU_HASH: t.gnu_hash = dynamic_pointer<uint32_t> (d, base); break;
      case DT_HASH: t.sysv_hash = dynamic_pointer<uint32_t> (d, base); break;
      default: break;
      }
  if (t.symtab == nullptr || t.strtab == nullptr || t.versym == nullptr
      || t.verdef == nullptr)
    return 0;
  const ElfW (Half) version = version_index (t, query.version);
  if (version == 0)
    return 0;
  const int64_t index = find_index (t, query.name, version);
  if (index < 0)
    return 0;
  query.found = reinterpret_cast<void *> (base + t.symtab[index].st_value);
  return 1;
}

} // namespace

void *
find_versioned_symbol (const char *name, const char *version)
{
  Query query = { name, version, nullptr };
  dl_iterate_phdr (visit, &query);
  return query.found;
}

} // namespace pidfdspawn
