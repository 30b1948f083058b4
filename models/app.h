/*
 * models/app.h - the application thread.
 */
#ifndef MODELS_APP_H
#define MODELS_APP_H

#include "models/host.h"

/**
 * app_init() - the reader thread of @h's socket, pinned to [app] cpu; it
 * starts blocked in recvmsg().
 */
void app_init(struct app *app, struct host *h);

#endif /* MODELS_APP_H */
