/* carbon.c: the grid carbon intensity table (greenc/carbon.h). Figures from
 * /work/shared/hwdata/figures.md, which takes them from CodeCarbon's
 * global_energy_mix.json (data year 2023, Our World in Data) [published]. */
#include "greenc/carbon.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MIX                                                                    \
  "CodeCarbon global_energy_mix.json (Our World in Data, data year 2023)"
#define PERSRC "CodeCarbon, lifecycle intensity per generation source"

static const gc_carbon_region regions[] = {
    {"WORLD", "World average", 475.0, "CodeCarbon (IEA 2019 world average)"},
    {"US", "United States", 369.5, MIX},
    {"CA", "Canada", 170.0, MIX},
    {"FR", "France", 56.0, MIX},
    {"DE", "Germany", 381.0, MIX},
    {"GB", "United Kingdom", 237.6, MIX},
    {"IE", "Ireland", 290.8, MIX},
    {"NO", "Norway", 30.1, MIX},
    {"SE", "Sweden", 40.7, MIX},
    {"CN", "China", 582.3, MIX},
    {"IN", "India", 713.4, MIX},
    {"JP", "Japan", 485.4, MIX},
    {"KR", "South Korea", 430.6, MIX},
    {"SG", "Singapore", 470.8, MIX},
    {"TW", "Taiwan", 642.4, MIX},
    {"AU", "Australia", 548.7, MIX},
    {"BR", "Brazil", 98.3, MIX},
    {"PL", "Poland", 661.9, MIX},
    {"ZA", "South Africa", 707.7, MIX},
    {"COAL", "Coal", 995.0, PERSRC},
    {"PETROLEUM", "Petroleum", 816.0, PERSRC},
    {"GAS", "Natural gas", 743.0, PERSRC},
    {"SOLAR", "Solar", 48.0, PERSRC},
    {"GEOTHERMAL", "Geothermal", 38.0, PERSRC},
    {"NUCLEAR", "Nuclear", 29.0, PERSRC},
    {"HYDRO", "Hydroelectricity", 26.0, PERSRC},
    {"WIND", "Wind", 26.0, PERSRC},
};
#define NREGIONS (sizeof regions / sizeof regions[0])

static int ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
      return 0;
  return *a == *b;
}

const gc_carbon_region *gc_carbon_region_find(const char *region) {
  if (!region)
    return NULL;
  if (ieq(region, "UK"))
    region = "GB";
  for (size_t i = 0; i < NREGIONS; i++)
    if (ieq(region, regions[i].code) || ieq(region, regions[i].name))
      return &regions[i];
  return NULL;
}

/* Edit distance on upper-cased strings, for the suggestion; 32 characters are
 * enough for region codes. */
static size_t distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b), prev[33], cur[33];
  if (la > 32 || lb > 32)
    return (size_t)-1;
  for (size_t j = 0; j <= lb; j++)
    prev[j] = j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t sub = prev[j - 1] + (toupper((unsigned char)a[i - 1]) !=
                                  toupper((unsigned char)b[j - 1]));
      size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
    memcpy(prev, cur, sizeof cur);
  }
  return prev[lb];
}

int gc_carbon_intensity(double *out, const char *region, gc_error *err) {
  const gc_carbon_region *r = gc_carbon_region_find(region);
  if (!out || !region)
    return gc_error_set(err, GC_EINVAL, "gc_carbon_intensity: NULL argument");
  if (!r) {
    size_t best = (size_t)-1, bi = 0;
    for (size_t i = 0; i < NREGIONS; i++) {
      size_t d = distance(region, regions[i].code);
      if (d < best) {
        best = d;
        bi = i;
      }
    }
    return gc_error_set(err, GC_ENOTFOUND,
                        "unknown region '%s' (did you mean '%s'?)", region,
                        regions[bi].code);
  }
  *out = r->g_per_kwh;
  return GC_OK;
}

size_t gc_carbon_nregions(void) { return NREGIONS; }

const gc_carbon_region *gc_carbon_region_at(size_t i) {
  return i < NREGIONS ? &regions[i] : NULL;
}
