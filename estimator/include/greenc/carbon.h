/* greenc/carbon.h: grid carbon intensity by region (gCO2e per kWh), from
 * CodeCarbon's global energy mix table (Our World in Data, data year 2023), and
 * per generation source.
 *
 * A static table: nothing to free, the returned pointers are static. */
#ifndef GREENC_CARBON_H
#define GREENC_CARBON_H

#include <stddef.h>

#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_carbon_region {
  const char *code; /* ISO 3166 alpha-2 ("FR"), "WORLD", or a generation source
                       ("COAL", "WIND") */
  const char *name; /* "France" */
  double g_per_kwh; /* gCO2e per kWh */
  const char *source; /* citation */
} gc_carbon_region;

/* The intensity of region (a code or a name, case-insensitive; "UK" is "GB").
 * GC_ENOTFOUND with the nearest code in err when there is no such region. */
int gc_carbon_intensity(double *out, const char *region, gc_error *err);
/* The entry for region, or NULL. */
const gc_carbon_region *gc_carbon_region_find(const char *region);
size_t gc_carbon_nregions(void);
const gc_carbon_region *
gc_carbon_region_at(size_t i); /* NULL when i >= gc_carbon_nregions() */

#ifdef __cplusplus
}
#endif
#endif
