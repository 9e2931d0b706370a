#include "supervisor_spawn.h"
